// Validates Kubernetes objects against the Kubernetes API schemas of the npm package
// kubernetes-models (OpenAPI of Kubernetes, compiled with ajv: types, required fields, enums,
// formats such as quantities). It does NOT reject unknown fields (the schemas allow them).
// Usage: node validate.js objects.json   where objects.json is [{"file": …, "object": {…}}, …]
// Prints one line per object ("ok FILE KIND NAME" or "invalid FILE KIND NAME: errors") and
// exits 1 when any is invalid or of a kind it does not know.
"use strict";
const fs = require("fs");

const items = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
let bad = 0;
for (const { file, object } of items) {
  const where = `${file} ${object.kind} ${object.metadata && object.metadata.name}`;
  let Model;
  try {
    // "v1" -> kubernetes-models/v1/Kind, "apps/v1" -> kubernetes-models/apps/v1/Kind
    Model = require(`kubernetes-models/${object.apiVersion}/${object.kind}`)[object.kind];
  } catch (e) {
    console.log(`invalid ${where}: unknown apiVersion/kind ${object.apiVersion}/${object.kind}`);
    bad++;
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`ok ${where}`);
  } catch (e) {
    console.log(`invalid ${where}: ${e.message}`);
    bad++;
  }
}
console.log(`${items.length - bad} valid, ${bad} invalid`);
process.exit(bad === 0 ? 0 : 1);
