// RuleParser.g4 - the syntax of the rule language (LANGUAGE.md §2-§6).
//
// A small Ruby: a file is a list of statements; settings, properties and rule
// declarations are all method calls (`desc "x"`, `rule :n do |i| ... end`),
// given meaning by lowering. Precedence, lowest first: statement modifiers
// `if`/`unless`; `and`/`or`; `not`; commands (calls with unparenthesized
// arguments); the binary operators by the levels of `binaryOperator`
// (`||`; `&&`; `== !=`; `< <= > >=`; `+ -`; `* / %`); prefix `! - +`;
// postfix `.name`, `[index]`.
//
// The rules are shaped for a flat, cheap parse tree: binary operators form
// one list per expression (the Transformer folds it by the levels below,
// with a loop, so long chains cost no recursion), and prefix and postfix
// operators are lists on their operand. Labels (`cond=expression`) name the
// parts the Transformer reads, so it reads fields instead of searching the
// children.
//
// The token source (frontend/TokenSource.cpp) has already dropped the
// newlines that do not end a statement, so every NL seen here is a
// statement terminator.
parser grammar RuleParser;

options { tokenVocab = RuleLexer; }

program
    : statements EOF
    ;

statements
    : terms? ( stmts+=statement ( terms stmts+=statement )* terms? )?
    ;

terms
    : ( NL | SEMI )+
    ;

statement
    : cls=classDefinition
    | ifs=ifStatement
    | unless=unlessStatement
    | ( assign=assignment | req=requireStatement | expr=expression )
      ( mods+=modifier )*
    ;

// `stmt if cond`, `stmt unless cond`.
modifier
    : kind=( IF | UNLESS ) cond=expression
    ;

// The value is below `and`/`or`: in Ruby `x = a and b` assigns `a` only, so
// that form is rejected rather than read one way or the other.
assignment
    : name=IDENT ASSIGN ( value=binaryExpression | cmd=command )
    ;

requireStatement
    : REQUIRE ( parens=parenArguments | args=commandArguments )
    ;

classDefinition
    : CLASS name=constantPath ( LT superclass=constantPath )? terms
      body=statements END
    ;

ifStatement
    : IF cond=expression thenSeparator body=statements
      ( elsifs+=elsifClause )* otherwise=elseClause? END
    ;

elsifClause
    : ELSIF cond=expression thenSeparator body=statements
    ;

// `then` may stand for the line break, as in Ruby: `if ok then x end`.
thenSeparator
    : terms
    | THEN terms?
    ;

elseClause
    : ELSE body=statements
    ;

unlessStatement
    : UNLESS cond=expression thenSeparator body=statements
      otherwise=elseClause? END
    ;

// ---- Expressions ------------------------------------------------------------

expression
    : operands+=notExpression ( ops+=( AND | OR ) operands+=notExpression )*
    ;

// `binaryExpression` comes before `command` so that `x -1` is a
// subtraction: an ambiguous prefix resolves to the first alternative.
notExpression
    : NOT negated=notExpression
    | binary=binaryExpression
    | cmd=command
    ;

// A call whose arguments are not parenthesized: `desc "x"`,
// `scope "A", "B"`, `rule :n do |item| ... end`, `list.include? "x"`.
command
    : callee=primary ( calleeOps+=postfixOperation )* args=commandArguments
      doBlk=doBlock?
    ;

binaryExpression
    : operands+=operand ( ops+=binaryOperator operands+=operand )*
    ;

// The binary operators, one alternative per precedence level, loosest
// first. All are left-associative, except that `==` and `!=` do not chain
// (`a == b == c` is an error, as in Ruby).
binaryOperator
    : OROR                          # orOperator
    | ANDAND                        # andOperator
    | ( EQ | NE )                   # equalityOperator
    | ( LT | LE | GT | GE )         # comparisonOperator
    | ( PLUS | MINUS )              # additiveOperator
    | ( STAR | SLASH | PERCENT )    # multiplicativeOperator
    ;

// Prefix operators bind more loosely than postfix ones: `-a.b` is `-(a.b)`.
operand
    : ( prefixes+=( BANG | MINUS | PLUS ) )* base=primary
      ( ops+=postfixOperation )*
    ;

postfixOperation
    : DOT name=methodName parens=parenArguments? blk=block?
    | LBRACK_INDEX index=expression RBRACK
    ;

methodName
    : IDENT
    | CONSTANT
    ;

primary
    : lit=literal
    | str=stringLiteral
    | doc=heredoc
    | sym=symbol
    | array=arrayLiteral
    | hash=hashLiteral
    | path=constantPath
    | name=IDENT parens=parenArguments? blk=block?
    | LPAREN inner=expression RPAREN
    ;

literal
    : INTEGER
    | FLOAT
    | TRUE
    | FALSE
    | NIL
    ;

// ---- Calls and blocks ----------------------------------------------------------

parenArguments
    : LPAREN_CALL ( args+=argument ( COMMA args+=argument )* COMMA? )? RPAREN
    ;

commandArguments
    : args+=argument ( COMMA args+=argument )*
    ;

// Keyword arguments (`key: v`, `k => v`) are gathered into a trailing
// brace-less hash by the Transformer.
argument
    : LABEL value=binaryExpression
    | key=binaryExpression ( ASSOC value=binaryExpression )?
    ;

block
    : brace=braceBlock
    | doBlk=doBlock
    ;

braceBlock
    : LBRACE_BLOCK params=blockParameters body=statements RBRACE
    ;

doBlock
    : DO params=blockParameters? body=statements END
    ;

blockParameters
    : BAR ( names+=IDENT ( COMMA names+=IDENT )* )? BAR
    | OROR
    ;

// ---- Literals ---------------------------------------------------------------------

stringLiteral
    : DQ_START ( STR_TEXT | STR_ESCAPE | interpolation )* DQ_END
    | SQ_STRING
    ;

heredoc
    : HEREDOC_START ( STR_TEXT | STR_ESCAPE | interpolation )* HEREDOC_END
    ;

interpolation
    : INTERP_START inner=expression? INTERP_END
    ;

symbol
    : SYMBOL
    | SQ_SYMBOL
    | DSYM_START ( STR_TEXT | STR_ESCAPE | interpolation )* DQ_END
    ;

arrayLiteral
    : LBRACK ( elements+=binaryExpression ( COMMA elements+=binaryExpression )*
      COMMA? )? RBRACK
    ;

hashLiteral
    : LBRACE ( entries+=hashEntry ( COMMA entries+=hashEntry )* COMMA? )?
      RBRACE
    ;

hashEntry
    : LABEL value=binaryExpression
    | key=binaryExpression ASSOC value=binaryExpression
    ;

constantPath
    : COLON2? names+=CONSTANT ( COLON2 names+=CONSTANT )*
    ;
