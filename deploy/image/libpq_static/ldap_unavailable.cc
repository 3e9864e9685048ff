// Copyright 2026 The msp-gateway Authors.
//
// File: ldap_unavailable.cc
//
// The OpenLDAP functions Debian's libpq.a calls, for the fully static image
// binaries only (//deploy/image:libpq_static). libpq uses LDAP for one thing:
// a service in a connection service file (PGSERVICEFILE, pg_service.conf,
// `service=` in the DSN) whose entry is an ldap:// URL to look the
// connection parameters up in a directory (ldapServiceLookup() in
// fe-connect.c). Debian does ship libldap.a, but it is built on GnuTLS, and
// GnuTLS needs p11-kit, which exists only as a shared library: a second TLS
// stack half of which cannot be linked statically, for a feature the
// gateway's DSN (MSP_GATEWAY_STORE) does not need.
//
// ldap_init() therefore returns null: libpq stops reading the service file
// and the connection fails with "could not create LDAP structure". That is
// the only LDAP call libpq makes before giving up; the others can only run
// with a handle ldap_init() never returns, and fail too. Services without an
// ldap:// line, and DSNs without `service=`, are unaffected.
//
// The prototypes come from OpenLDAP's <ldap.h> (libldap-dev), the header
// libpq was compiled against; LDAP_DEPRECATED as in libpq, which uses the
// old synchronous API (ldap_init, ldap_simple_bind, ldap_search_st, ...).
// libpq_static_test.cc checks the failure through PQconnectdb().

#define LDAP_DEPRECATED 1
#include <ldap.h>

extern "C" {

LDAP* ldap_init(const char*, int) { return nullptr; }

int ldap_set_option(LDAP*, int, const void*) { return LDAP_OPT_ERROR; }

int ldap_simple_bind(LDAP*, const char*, const char*) { return -1; }

int ldap_result(LDAP*, int, int, struct timeval*, LDAPMessage** result) {
  if (result != nullptr) *result = nullptr;
  return -1;
}

int ldap_search_st(LDAP*, const char*, int, const char*, char**, int,
                   struct timeval*, LDAPMessage** res) {
  if (res != nullptr) *res = nullptr;
  return LDAP_NOT_SUPPORTED;
}

int ldap_count_entries(LDAP*, LDAPMessage*) { return -1; }

LDAPMessage* ldap_first_entry(LDAP*, LDAPMessage*) { return nullptr; }

struct berval** ldap_get_values_len(LDAP*, LDAPMessage*, const char*) {
  return nullptr;
}

// Nothing to free: no function above returns anything allocated.
void ldap_value_free_len(struct berval**) {}

int ldap_msgfree(LDAPMessage*) { return 0; }

int ldap_unbind(LDAP*) { return LDAP_SUCCESS; }

char* ldap_err2string(int) {
  static char text[] =
      "LDAP is not available: this fully static msp-gateway binary is linked "
      "without it (see deploy/image/BUILD)";
  return text;
}

}  // extern "C"
