// zlib from Debian's zlib1g-dev: the store keeps each input document and decision record deflated.
#ifndef SPARROW_CZLIB_SHIM_H
#define SPARROW_CZLIB_SHIM_H
#include <zlib.h>
#endif
