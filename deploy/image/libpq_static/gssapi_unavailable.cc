// Copyright 2026 The msp-gateway Authors.
//
// File: gssapi_unavailable.cc
//
// The GSSAPI functions Debian's libpq.a calls, for the fully static image
// binaries only (//deploy/image:libpq_static). Debian 12 ships MIT Kerberos
// as shared libraries alone (libkrb5-dev has no .a), so a static libpq cannot
// have the real ones. Every function here fails with GSS_S_UNAVAILABLE, and
// GSSAPI's own error text says why, so libpq behaves as follows:
//
//   gssencmode=prefer (libpq's default): pg_GSS_have_cred_cache() gets no
//       credentials, libpq skips GSSAPI encryption and goes on with TLS or
//       plain TCP: exactly what the real library does in a container with no
//       Kerberos ticket, which the image never has.
//   gssencmode=require: the connection fails, "GSSAPI encryption required
//       but was impossible ...".
//   a server that asks for GSSAPI authentication (pg_hba.conf `gss`): the
//       connection fails, "GSSAPI name import error: GSSAPI (Kerberos) is not
//       available ...".
//
// Nothing here pretends to work: there is no code path on which a GSSAPI
// call reports success, except releasing handles these functions never hand
// out. The prototypes come from MIT's <gssapi/gssapi.h> (libkrb5-dev), the
// header libpq was compiled against, so the compiler checks every signature.
// libpq_static_test.cc drives the three cases above over real sockets.

#include <gssapi/gssapi.h>

#include <cstdlib>
#include <cstring>

namespace {

constexpr char kUnavailable[] =
    "GSSAPI (Kerberos) is not available: this fully static msp-gateway "
    "binary is linked without it (see deploy/image/BUILD)";

// GSS_C_EMPTY_BUFFER, for an output buffer (null: the caller wants none).
void ClearBuffer(gss_buffer_t buffer) {
  if (buffer == nullptr) return;
  buffer->length = 0;
  buffer->value = nullptr;
}

// RFC 2744 section 4: the OID of GSS_C_NT_HOSTBASED_SERVICE,
// 1.2.840.113554.1.2.1.4. libpq passes it to gss_import_name(), which fails
// anyway; the value is the real one so that it names no other type.
char hostbased_service_oid[] = "\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04";
gss_OID_desc hostbased_service = {10, hostbased_service_oid};

}  // namespace

extern "C" {

gss_OID GSS_C_NT_HOSTBASED_SERVICE = &hostbased_service;

OM_uint32 gss_acquire_cred(OM_uint32* minor_status, gss_name_t, OM_uint32,
                           gss_OID_set, gss_cred_usage_t,
                           gss_cred_id_t* output_cred_handle,
                           gss_OID_set* actual_mechs, OM_uint32* time_rec) {
  if (minor_status != nullptr) *minor_status = 0;
  if (output_cred_handle != nullptr) *output_cred_handle = GSS_C_NO_CREDENTIAL;
  if (actual_mechs != nullptr) *actual_mechs = GSS_C_NO_OID_SET;
  if (time_rec != nullptr) *time_rec = 0;
  return GSS_S_UNAVAILABLE;
}

OM_uint32 gss_import_name(OM_uint32* minor_status, gss_buffer_t, gss_OID,
                          gss_name_t* output_name) {
  if (minor_status != nullptr) *minor_status = 0;
  if (output_name != nullptr) *output_name = GSS_C_NO_NAME;
  return GSS_S_UNAVAILABLE;
}

OM_uint32 gss_init_sec_context(OM_uint32* minor_status, gss_cred_id_t,
                               gss_ctx_id_t*, gss_name_t, gss_OID, OM_uint32,
                               OM_uint32, gss_channel_bindings_t, gss_buffer_t,
                               gss_OID* actual_mech_type,
                               gss_buffer_t output_token, OM_uint32* ret_flags,
                               OM_uint32* time_rec) {
  if (minor_status != nullptr) *minor_status = 0;
  if (actual_mech_type != nullptr) *actual_mech_type = GSS_C_NO_OID;
  ClearBuffer(output_token);
  if (ret_flags != nullptr) *ret_flags = 0;
  if (time_rec != nullptr) *time_rec = 0;
  return GSS_S_UNAVAILABLE;
}

OM_uint32 gss_wrap(OM_uint32* minor_status, gss_ctx_id_t, int, gss_qop_t,
                   gss_buffer_t, int* conf_state,
                   gss_buffer_t output_message_buffer) {
  if (minor_status != nullptr) *minor_status = 0;
  if (conf_state != nullptr) *conf_state = 0;
  ClearBuffer(output_message_buffer);
  return GSS_S_UNAVAILABLE;
}

OM_uint32 gss_unwrap(OM_uint32* minor_status, gss_ctx_id_t, gss_buffer_t,
                     gss_buffer_t output_message_buffer, int* conf_state,
                     gss_qop_t* qop_state) {
  if (minor_status != nullptr) *minor_status = 0;
  ClearBuffer(output_message_buffer);
  if (conf_state != nullptr) *conf_state = 0;
  if (qop_state != nullptr) *qop_state = 0;
  return GSS_S_UNAVAILABLE;
}

OM_uint32 gss_wrap_size_limit(OM_uint32* minor_status, gss_ctx_id_t, int,
                              gss_qop_t, OM_uint32, OM_uint32* max_input_size) {
  if (minor_status != nullptr) *minor_status = 0;
  if (max_input_size != nullptr) *max_input_size = 0;
  return GSS_S_UNAVAILABLE;
}

// The text libpq appends to its error message (pg_GSS_error): ours for the
// major status, nothing for the minor one (always 0 here). The buffer is
// malloc'ed because libpq hands it back to gss_release_buffer().
OM_uint32 gss_display_status(OM_uint32* minor_status, OM_uint32 status_value,
                             int status_type, gss_OID,
                             OM_uint32* message_context,
                             gss_buffer_t status_string) {
  if (minor_status != nullptr) *minor_status = 0;
  if (message_context != nullptr) *message_context = 0;
  if (status_string == nullptr) return GSS_S_FAILURE;
  ClearBuffer(status_string);
  if (status_type != GSS_C_GSS_CODE || status_value == GSS_S_COMPLETE) {
    return GSS_S_FAILURE;  // nothing to say: libpq then appends nothing
  }
  char* text = static_cast<char*>(std::malloc(sizeof(kUnavailable)));
  if (text == nullptr) return GSS_S_FAILURE;
  std::memcpy(text, kUnavailable, sizeof(kUnavailable));
  status_string->value = text;
  status_string->length = sizeof(kUnavailable) - 1;
  return GSS_S_COMPLETE;
}

OM_uint32 gss_release_buffer(OM_uint32* minor_status, gss_buffer_t buffer) {
  if (minor_status != nullptr) *minor_status = 0;
  if (buffer != nullptr) {
    std::free(buffer->value);  // ours (gss_display_status) or null
    ClearBuffer(buffer);
  }
  return GSS_S_COMPLETE;
}

// The handles below are never created (every constructor above fails), so
// libpq only ever releases null ones; releasing nothing succeeds.
OM_uint32 gss_release_cred(OM_uint32* minor_status,
                           gss_cred_id_t* cred_handle) {
  if (minor_status != nullptr) *minor_status = 0;
  if (cred_handle != nullptr) *cred_handle = GSS_C_NO_CREDENTIAL;
  return GSS_S_COMPLETE;
}

OM_uint32 gss_release_name(OM_uint32* minor_status, gss_name_t* input_name) {
  if (minor_status != nullptr) *minor_status = 0;
  if (input_name != nullptr) *input_name = GSS_C_NO_NAME;
  return GSS_S_COMPLETE;
}

OM_uint32 gss_delete_sec_context(OM_uint32* minor_status,
                                 gss_ctx_id_t* context_handle,
                                 gss_buffer_t output_token) {
  if (minor_status != nullptr) *minor_status = 0;
  if (context_handle != nullptr) *context_handle = GSS_C_NO_CONTEXT;
  ClearBuffer(output_token);
  return GSS_S_COMPLETE;
}

}  // extern "C"
