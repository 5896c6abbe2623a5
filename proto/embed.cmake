# Turns a binary file into a C array (no xxd needed): IN -> OUT.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR len "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" body "${body}")
file(WRITE ${OUT} "/* Generated from the FileDescriptorSet of proto/; do not edit. */\n#include <stddef.h>\nconst unsigned char coalition_fds[] = {\n${body}\n};\nconst size_t coalition_fds_len = ${len};\n")
