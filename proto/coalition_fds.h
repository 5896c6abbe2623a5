#ifndef COALITION_FDS_H
#define COALITION_FDS_H
#include <stddef.h>
/* Serialized google.protobuf.FileDescriptorSet of proto/coalition/v1, built by protoc. */
extern const unsigned char coalition_fds[];
extern const size_t coalition_fds_len;
#endif
