// RuleParser.g4 - the syntax of the rule language (LANGUAGE.md §2-§6).
//
// A small Ruby: a file is a list of statements; settings, properties and rule
// declarations are all method calls (`desc "x"`, `rule :n do |i| ... end`),
// given meaning by lowering. Precedence, lowest first: statement modifiers
// `if`/`unless`; `and`/`or`; `not`; commands (calls with unparenthesized
// arguments); `||`; `&&`; `== !=` (non-associative); `< <= > >=`; `+ -`;
// `* / %`; unary `! - +`; postfix `.name`, `[index]`.
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
    : terms? ( statement ( terms statement )* terms? )?
    ;

terms
    : ( NL | SEMI )+
    ;

statement
    : classDefinition
    | ifStatement
    | unlessStatement
    | simpleStatement modifier*
    ;

// `stmt if cond`, `stmt unless cond`.
modifier
    : ( IF | UNLESS ) expression
    ;

simpleStatement
    : assignment
    | requireStatement
    | expression
    ;

// The value is below `and`/`or`: in Ruby `x = a and b` assigns `a` only, so
// that form is rejected rather than read one way or the other.
assignment
    : IDENT ASSIGN ( orExpression | command )
    ;

requireStatement
    : REQUIRE ( parenArguments | commandArguments )
    ;

classDefinition
    : CLASS constantPath ( LT superclass=constantPath )? terms statements END
    ;

ifStatement
    : IF expression terms statements elsifClause* elseClause? END
    ;

elsifClause
    : ELSIF expression terms statements
    ;

elseClause
    : ELSE statements
    ;

unlessStatement
    : UNLESS expression terms statements elseClause? END
    ;

// ---- Expressions ------------------------------------------------------------

expression
    : operands+=notExpression ( ops+=( AND | OR ) operands+=notExpression )*
    ;

// `orExpression` comes before `command` so that `x -1` is a subtraction:
// an ambiguous prefix resolves to the first alternative.
notExpression
    : NOT notExpression
    | orExpression
    | command
    ;

// A call whose arguments are not parenthesized: `desc "x"`,
// `scope "A", "B"`, `rule :n do |item| ... end`, `list.include? "x"`.
command
    : postfixExpression commandArguments doBlock?
    ;

orExpression
    : operands+=andExpression ( ops+=OROR operands+=andExpression )*
    ;

andExpression
    : operands+=equalityExpression ( ops+=ANDAND operands+=equalityExpression )*
    ;

equalityExpression
    : lhs=comparisonExpression ( op=( EQ | NE ) rhs=comparisonExpression )?
    ;

comparisonExpression
    : operands+=additiveExpression ( ops+=( LT | LE | GT | GE ) operands+=additiveExpression )*
    ;

additiveExpression
    : operands+=multiplicativeExpression ( ops+=( PLUS | MINUS ) operands+=multiplicativeExpression )*
    ;

multiplicativeExpression
    : operands+=unaryExpression ( ops+=( STAR | SLASH | PERCENT ) operands+=unaryExpression )*
    ;

unaryExpression
    : op=( BANG | MINUS | PLUS ) unaryExpression
    | postfixExpression
    ;

postfixExpression
    : primary postfixOperation*
    ;

postfixOperation
    : DOT methodName parenArguments? block?
    | LBRACK_INDEX expression RBRACK
    ;

methodName
    : IDENT
    | CONSTANT
    ;

primary
    : literal
    | stringLiteral
    | heredoc
    | symbol
    | arrayLiteral
    | hashLiteral
    | constantPath
    | IDENT parenArguments? block?
    | LPAREN expression RPAREN
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
    : LPAREN_CALL ( argument ( COMMA argument )* COMMA? )? RPAREN
    ;

commandArguments
    : argument ( COMMA argument )*
    ;

// Keyword arguments (`key: v`, `k => v`) are gathered into a trailing
// brace-less hash by the Transformer.
argument
    : LABEL orExpression
    | orExpression ( ASSOC orExpression )?
    ;

block
    : braceBlock
    | doBlock
    ;

braceBlock
    : LBRACE_BLOCK blockParameters statements RBRACE
    ;

doBlock
    : DO blockParameters? statements END
    ;

blockParameters
    : BAR ( IDENT ( COMMA IDENT )* )? BAR
    | OROR
    ;

// ---- Literals ---------------------------------------------------------------------

stringLiteral
    : DQ_START stringContent* DQ_END
    | SQ_STRING
    ;

heredoc
    : HEREDOC_START stringContent* HEREDOC_END
    ;

stringContent
    : STR_TEXT
    | STR_ESCAPE
    | interpolation
    ;

interpolation
    : INTERP_START expression? INTERP_END
    ;

symbol
    : SYMBOL
    | SQ_SYMBOL
    | DSYM_START stringContent* DQ_END
    ;

arrayLiteral
    : LBRACK ( orExpression ( COMMA orExpression )* COMMA? )? RBRACK
    ;

hashLiteral
    : LBRACE ( hashEntry ( COMMA hashEntry )* COMMA? )? RBRACE
    ;

hashEntry
    : LABEL orExpression
    | orExpression ASSOC orExpression
    ;

constantPath
    : COLON2? CONSTANT ( COLON2 CONSTANT )*
    ;
