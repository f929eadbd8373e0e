#ifndef MAILTLS_CLIBXML2_SHIM_H
#define MAILTLS_CLIBXML2_SHIM_H
// libxml2 built with ICU includes <unicode/ucnv.h> from encoding.h; those system ICU headers
// clash with the ICU copy inside Swift's Foundation. mailtls never uses libxml2's ICU
// converter API, so the headers are read without it (the library itself is unchanged).
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/entities.h>
#endif
