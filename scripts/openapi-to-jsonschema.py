#!/usr/bin/env python3
"""Turns the Kubernetes OpenAPI v2 spec into the standalone, strict JSON schemas that
kubeconform reads: one file per kind and version, named <kind>[-<group>]-<version>.json,
every $ref inlined, and objects closed to unknown fields.

usage: openapi-to-jsonschema.py swagger.json OUTPUT_DIR
"""
import json
import os
import sys

INT_OR_STRING = {"oneOf": [{"type": "string"}, {"type": "integer"}]}


def build(definitions, name, stack):
    if name in stack:  # a recursive type (e.g. JSONSchemaProps): leave it open
        return {}
    return convert(definitions, definitions[name], stack + [name])


def convert(definitions, node, stack):
    if isinstance(node, list):
        return [convert(definitions, item, stack) for item in node]
    if not isinstance(node, dict):
        return node
    if isinstance(node.get("$ref"), str):
        return build(definitions, node["$ref"].split("/")[-1], stack)
    if node.get("format") == "int-or-string":
        return dict(INT_OR_STRING)
    if node.get("x-kubernetes-preserve-unknown-fields"):
        return {}
    result = {key: convert(definitions, value, stack) for key, value in node.items()
              if not key.startswith("x-kubernetes-")}
    if "properties" in node and "additionalProperties" not in node:
        result["additionalProperties"] = False
    return result


def file_name(gvk):
    kind, group, version = gvk["kind"].lower(), gvk["group"], gvk["version"].lower()
    return f"{kind}-{group.split('.')[0]}-{version}.json" if group else f"{kind}-{version}.json"


def main():
    spec_path, out_dir = sys.argv[1], sys.argv[2]
    with open(spec_path) as spec_file:
        definitions = json.load(spec_file)["definitions"]
    os.makedirs(out_dir, exist_ok=True)
    written = 0
    for name, definition in definitions.items():
        for gvk in definition.get("x-kubernetes-group-version-kind", []):
            schema = build(definitions, name, [])
            schema["$schema"] = "http://json-schema.org/schema#"
            with open(os.path.join(out_dir, file_name(gvk)), "w") as out:
                json.dump(schema, out)
            written += 1
    print(f"wrote {written} schemas to {out_dir}")


if __name__ == "__main__":
    main()
