// RuleLexer.g4 - the lexical structure of the rule language (LANGUAGE.md §2).
//
// This grammar is the one definition of the language's tokens. The
// compiler matches them with a hand-written scanner (frontend/Scanner.cpp,
// far cheaper per byte than the generated lexer); FrontendScannerTest checks
// it against the lexer generated from this file, so a change here needs the
// same change there. A few
// Ruby-like behaviours need context a lexer rule cannot see; the token source
// in frontend/TokenSource.cpp adds them on top of the tokens produced here:
//   * newlines are significant, but dropped after an operator, a comma or an
//     open bracket, inside ( [ and hash braces, and before a leading '.';
//   * a heredoc's body starts on the line after `<<~EOS` while the rest of
//     that line keeps lexing (the source switches to the HEREDOC modes below
//     at the next newline and moves the body tokens after the opener);
//   * the '}' that closes a '#{' interpolation returns to the string mode;
//   * a quoted string still open at the end of its line is closed there
//     (and reported), so one missing quote does not swallow the file;
//   * '(' and '[' glued to a name or expression, and '{' followed by '|',
//     are retyped to LPAREN_CALL, LBRACK_INDEX and LBRACE_BLOCK;
//   * keywords directly after '.' are method names (`item.class`).
lexer grammar RuleLexer;

tokens {
  LPAREN_CALL,  // '(' directly after a method name: `f(x)`
  LBRACK_INDEX, // '[' directly after an expression: `item["raw"]`
  LBRACE_BLOCK, // '{' followed by '|': `list.any? { |x| x }`
  INTERP_END,   // the '}' closing a `#{` interpolation
  HEREDOC_END   // a heredoc's terminator line
}

// ---- Line structure -------------------------------------------------------

NL                : '\r'? '\n' ;
WS                : [ \t\f\r\u000B]+ -> skip ;
LINE_CONTINUATION : '\\' '\r'? '\n' -> skip ;
COMMENT           : '#' ~[\r\n]* -> skip ;

// ---- Keywords ---------------------------------------------------------------

CLASS   : 'class' ;
END     : 'end' ;
DO      : 'do' ;
IF      : 'if' ;
ELSIF   : 'elsif' ;
ELSE    : 'else' ;
THEN    : 'then' ;
UNLESS  : 'unless' ;
AND     : 'and' ;
OR      : 'or' ;
NOT     : 'not' ;
TRUE    : 'true' ;
FALSE   : 'false' ;
NIL     : 'nil' ;
REQUIRE : 'require' ;

// ---- Operators and punctuation ------------------------------------------------

EQ      : '==' ;
NE      : '!=' ;
LE      : '<=' ;
GE      : '>=' ;
LT      : '<' ;
GT      : '>' ;
ANDAND  : '&&' ;
OROR    : '||' ;
BANG    : '!' ;
ASSOC   : '=>' ;
ASSIGN  : '=' ;
PLUS    : '+' ;
MINUS   : '-' ;
STAR    : '*' ;
SLASH   : '/' ;
PERCENT : '%' ;
DOT     : '.' ;
COLON2  : '::' ;
COLON   : ':' ;
COMMA   : ',' ;
SEMI    : ';' ;
BAR     : '|' ;
LPAREN  : '(' ;
RPAREN  : ')' ;
LBRACK  : '[' ;
RBRACK  : ']' ;
LBRACE  : '{' ;
RBRACE  : '}' ;

// `<<~EOS` (indentation stripped), `<<-EOS` (indented terminator), `<<EOS`;
// a quoted tag: `<<~'EOS'` is raw text, `<<~"EOS"` interpolates.
HEREDOC_START
    : '<<' [~-]? ( NAME | '\'' ~['\r\n]+ '\'' | '"' ~["\r\n]+ '"' )
    ;

// ---- Names ----------------------------------------------------------------------

// `key:` in a hash or keyword argument; `AWS::S3` is a path, not a label.
LABEL    : NAME ':' {_input->LA(1) != ':'}? ;
SYMBOL   : ':' NAME [?!]? ;
SQ_SYMBOL : ':\'' ( '\\' ~[\r\n] | ~['\\\r\n] )* '\'' ;
DSYM_START : ':"' -> pushMode(DQ) ;

CONSTANT : [A-Z] NAME_CHAR* ;
// `empty?`, `save!`; but `a!=b` is `a != b`.
IDENT
    : [a-z_] NAME_CHAR* ( [?!] {!(_input->LA(1) == '=' && _input->LA(2) != '=')}? )?
    ;

// ---- Numbers ----------------------------------------------------------------------

FLOAT
    : INT_PART '.' DIGITS EXPONENT?
    | INT_PART EXPONENT
    ;
INTEGER : INT_PART ;
// Anything else that starts with a digit (`1_`, `1__0`, `007`, `0x1f`, `12ab`):
// one token, so the error names the whole literal.
INVALID_NUMBER : [0-9] [A-Za-z0-9_]* ;

// ---- Strings ---------------------------------------------------------------------

DQ_START : '"' -> pushMode(DQ) ;
// Quoted strings end on their line; text over several lines is a heredoc.
SQ_STRING : '\'' ( '\\' ~[\r\n] | ~['\\\r\n] )* '\'' ;
// No closing quote before the end of the line (reported by the token source).
SQ_STRING_UNTERMINATED : '\'' ( '\\' ~[\r\n] | ~['\\\r\n] )* '\\'? ;

// Any other character; the token source reports it.
ERROR_CHAR : . ;

fragment NAME      : [A-Za-z_] NAME_CHAR* ;
fragment NAME_CHAR : [A-Za-z0-9_] ;
fragment INT_PART  : '0' | [1-9] ( '_'? [0-9] )* ;
fragment DIGITS    : [0-9] ( '_'? [0-9] )* ;
fragment EXPONENT  : [eE] [+-]? DIGITS ;
fragment HEX       : [0-9a-fA-F] ;
fragment ESCAPED
    : 'u{' [0-9a-fA-F \t]* '}'
    | 'u' HEX HEX HEX HEX
    | 'x' HEX HEX?
    | '\r\n'
    | .
    ;

// ---- Inside "..." and :"..." -------------------------------------------------------

mode DQ;
DQ_END       : '"' -> popMode ;
// The line ended before the closing quote (the token source reports it).
DQ_NEWLINE   : '\r'? '\n' -> popMode ;
INTERP_START : '#{' -> pushMode(DEFAULT_MODE) ;
// A lone '\' at the end of the file is an escape with nothing escaped.
STR_ESCAPE   : '\\' ESCAPED? ;
STR_TEXT     : ~["\\#\r\n]+ | '#' | '\r' ;

// ---- Heredoc bodies (entered by the token source) ----------------------------------

mode HEREDOC;
HD_NEWLINE      : '\r'? '\n' ;
HD_INTERP_START : '#{' -> type(INTERP_START), pushMode(DEFAULT_MODE) ;
HD_ESCAPE       : '\\' ESCAPED? -> type(STR_ESCAPE) ;
HD_TEXT         : ( ~[\r\n\\#]+ | '#' | '\r' ) -> type(STR_TEXT) ;

mode HEREDOC_RAW;
HDR_NEWLINE : '\r'? '\n' -> type(HD_NEWLINE) ;
HDR_TEXT    : ( ~[\r\n]+ | '\r' ) -> type(STR_TEXT) ;
