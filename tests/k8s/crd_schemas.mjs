// Schemas for the custom resources the manifests use, which the npm package
// kubernetes-models (core Kubernetes only) does not know: cert-manager's
// Certificate (cert-manager.io/v1, the fields of cert-manager 1.x's CRD).
// Every object is closed (additionalProperties: false), so a misspelled
// field is an error here as it would be for kubectl's server-side field
// validation. Used by lib.mjs's schemaProblems / unknownFieldProblems.
import Ajv from "ajv";

const str = { type: "string" };
const strings = { type: "array", items: str };
const stringMap = { type: "object", additionalProperties: str };
const closed = (properties, required = []) => ({ type: "object", properties, required, additionalProperties: false });

// ObjectMeta as a manifest may carry it.
const objectMeta = closed({
  name: str, generateName: str, namespace: str, labels: stringMap, annotations: stringMap,
  finalizers: strings, ownerReferences: { type: "array" }, uid: str, resourceVersion: str,
  generation: { type: "integer" }, creationTimestamp: str, deletionTimestamp: str,
  deletionGracePeriodSeconds: { type: "integer" }, managedFields: { type: "array" }, selfLink: str,
});

// cert-manager's KeyUsage values (pkg/apis/certmanager/v1/types.go).
const KEY_USAGES = [
  "signing", "digital signature", "content commitment", "key encipherment", "key agreement",
  "data encipherment", "cert sign", "crl sign", "encipher only", "decipher only", "any",
  "server auth", "client auth", "code signing", "email protection", "s/mime", "ipsec end system",
  "ipsec tunnel", "ipsec user", "timestamping", "ocsp signing", "microsoft sgc", "netscape sgc",
];

const certificate = closed({
  apiVersion: { const: "cert-manager.io/v1" },
  kind: { const: "Certificate" },
  metadata: objectMeta,
  spec: closed({
    secretName: { type: "string", minLength: 1 },
    issuerRef: closed({ name: { type: "string", minLength: 1 }, kind: str, group: str }, ["name"]),
    commonName: str,
    literalSubject: str,
    subject: closed({
      organizations: strings, countries: strings, organizationalUnits: strings, localities: strings,
      provinces: strings, streetAddresses: strings, postalCodes: strings, serialNumber: str,
    }),
    dnsNames: strings,
    uris: strings,
    ipAddresses: strings,
    emailAddresses: strings,
    otherNames: { type: "array", items: closed({ oid: str, utf8Value: str }) },
    duration: { type: "string", pattern: "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$" },
    renewBefore: { type: "string", pattern: "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$" },
    renewBeforePercentage: { type: "integer" },
    isCA: { type: "boolean" },
    usages: { type: "array", items: { enum: KEY_USAGES } },
    privateKey: closed({
      algorithm: { enum: ["RSA", "ECDSA", "Ed25519"] },
      encoding: { enum: ["PKCS1", "PKCS8"] },
      size: { type: "integer" },
      rotationPolicy: { enum: ["Never", "Always"] },
    }),
    encodeUsagesInRequest: { type: "boolean" },
    revisionHistoryLimit: { type: "integer", minimum: 1 },
    secretTemplate: closed({ annotations: stringMap, labels: stringMap }),
    additionalOutputFormats: { type: "array", items: closed({ type: { enum: ["DER", "CombinedPEM"] } }, ["type"]) },
    keystores: { type: "object" },
    nameConstraints: { type: "object" },
    signatureAlgorithm: str,
  }, ["secretName", "issuerRef"]),
  status: { type: "object" },
}, ["apiVersion", "kind", "metadata", "spec"]);

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map([["cert-manager.io/v1/Certificate", ajv.compile(certificate)]]);

// { schema: problems[], unknown: problems[] } for a custom resource this
// file knows, or null.
export function crdProblems(obj) {
  const validate = validators.get(`${obj?.apiVersion}/${obj?.kind}`);
  if (!validate) return null;
  if (validate(obj)) return { schema: [], unknown: [] };
  const schema = [], unknown = [];
  for (const e of validate.errors) {
    const where = e.instancePath ? e.instancePath.slice(1).replaceAll("/", ".") : "";
    if (e.keyword === "additionalProperties") unknown.push(`unknown field ${where ? `${where}.` : ""}${e.params.additionalProperty}`);
    else {
      const extra = e.params?.missingProperty ? ` ${e.params.missingProperty}`
                  : e.params?.allowedValues ? ` ${JSON.stringify(e.params.allowedValues)}` : "";
      schema.push(`${where || "(root)"} ${e.message}${extra}`);
    }
  }
  return { schema, unknown };
}
