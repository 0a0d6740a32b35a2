#!/usr/bin/env python3
"""Checks the Group Policy templates in packaging/windows/policy/ (standard library only).

- every file is well-formed XML in the PolicyDefinitions namespace;
- the ADMX has what Group Policy requires: policyNamespaces with a target, resources,
  categories (parents that exist), and policies with a name, class, key, parentCategory,
  supportedOn, displayName/explainText as $(string.X) and, where it has elements, a
  $(presentation.X);
- every $(string.X) and $(presentation.X) of the ADMX resolves in BOTH ADML files
  (lv-LV and en-US), and every presentation's refId names an element of its policy;
- the set of registry value names the ADMX sets equals POLICY_VALUE_NAMES in
  src-tauri/crates/desk-core/src/policy.rs, the list the app reads, and every policy
  writes under HKLM/HKCU SOFTWARE\\Policies\\VRAA Desk (POLICY_REGISTRY_KEY there);
- the MSI's policy values (packaging/windows/policy-values.wxs, the fragment both the wixl MSI
  and Tauri's WiX MSIs take) write the same names under the same key with the registry type
  the ADMX gives them, each component in the PolicyValues group and installed only when the
  property it writes is set.

Exit 0 when all holds; otherwise every problem is printed and the exit code is 1.
Usage: tests/windows/admx_check.py [repository root]
"""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"
Q = "{%s}" % NS
LANGUAGES = ("lv-LV", "en-US")
ELEMENT_KINDS = ("text", "decimal", "enum", "boolean", "list", "multiText", "longDecimal")
PRESENTATION_KINDS = (
    "textBox",
    "decimalTextBox",
    "dropdownList",
    "checkBox",
    "listBox",
    "multiTextBox",
    "comboBox",
    "longDecimalTextBox",
)


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]
    folder = root / "packaging/windows/policy"
    problems: list[str] = []

    def problem(text: str) -> None:
        problems.append(text)

    def parse(path: Path):
        if not path.is_file():
            problem(f"{path}: missing")
            return None
        try:
            return ET.parse(path).getroot()
        except ET.ParseError as error:
            problem(f"{path}: not well-formed XML: {error}")
            return None

    admx = parse(folder / "VRAADesk.admx")
    admls = {lang: parse(folder / lang / "VRAADesk.adml") for lang in LANGUAGES}

    rust = (root / "src-tauri/crates/desk-core/src/policy.rs").read_text(encoding="utf-8")
    names_block = re.search(r"POLICY_VALUE_NAMES: \[&str; \d+\] = \[(.*?)\];", rust, re.S)
    key_match = re.search(r'POLICY_REGISTRY_KEY: &str = r"([^"]+)";', rust)
    if not names_block or not key_match:
        problem("policy.rs: POLICY_VALUE_NAMES or POLICY_REGISTRY_KEY not found")
        app_names, app_key = set(), ""
    else:
        app_names = set(re.findall(r'"([A-Za-z]+)"', names_block.group(1)))
        app_key = key_match.group(1)

    if admx is None or any(a is None for a in admls.values()):
        return report(problems)

    if admx.tag != Q + "policyDefinitions":
        problem(f"ADMX root is {admx.tag}, not policyDefinitions in {NS}")
    for attr in ("revision", "schemaVersion"):
        if not admx.get(attr):
            problem(f"ADMX policyDefinitions has no {attr}")
    namespaces = admx.find(Q + "policyNamespaces")
    target = namespaces.find(Q + "target") if namespaces is not None else None
    if target is None or not target.get("prefix") or not target.get("namespace"):
        problem("ADMX has no policyNamespaces/target with prefix and namespace")
    if admx.find(Q + "resources") is None or not admx.find(Q + "resources").get("minRequiredRevision"):
        problem("ADMX has no resources with minRequiredRevision")

    string_refs: set[str] = set()
    presentation_refs: dict[str, set[str]] = {}

    def string_ref(where: str, value: str | None) -> None:
        m = re.fullmatch(r"\$\(string\.([A-Za-z0-9_]+)\)", value or "")
        if not m:
            problem(f"{where}: {value!r} is not a $(string.X) reference")
        else:
            string_refs.add(m.group(1))

    supported = {
        d.get("name")
        for d in admx.findall(f"{Q}supportedOn/{Q}definitions/{Q}definition")
    }
    for d in admx.findall(f"{Q}supportedOn/{Q}definitions/{Q}definition"):
        string_ref(f"supportedOn {d.get('name')}", d.get("displayName"))

    categories = admx.find(Q + "categories")
    category_names = set()
    if categories is None or len(categories) == 0:
        problem("ADMX has no categories")
    else:
        category_names = {c.get("name") for c in categories.findall(Q + "category")}
        for c in categories.findall(Q + "category"):
            string_ref(f"category {c.get('name')}", c.get("displayName"))
            parent = c.find(Q + "parentCategory")
            if parent is not None and parent.get("ref") not in category_names:
                problem(f"category {c.get('name')}: parent {parent.get('ref')} does not exist")

    policies = admx.findall(f"{Q}policies/{Q}policy")
    if not policies:
        problem("ADMX has no policies")
    admx_names: list[str] = []
    # Registry type by value name, as the MSI must write it: "integer" (DWORD) or "string".
    admx_types: dict[str, str] = {}
    for policy in policies:
        name = policy.get("name")
        where = f"policy {name}"
        if policy.get("class") not in ("Machine", "User", "Both"):
            problem(f"{where}: class is {policy.get('class')!r}, not Machine/User/Both")
        if policy.get("class") != "Both":
            problem(f"{where}: must be class Both (HKLM and HKCU are both read)")
        if policy.get("key") != app_key:
            problem(f"{where}: key {policy.get('key')!r} is not the app's {app_key!r}")
        string_ref(where, policy.get("displayName"))
        string_ref(where, policy.get("explainText"))
        parent = policy.find(Q + "parentCategory")
        if parent is None or parent.get("ref") not in category_names:
            problem(f"{where}: no parentCategory that exists")
        support = policy.find(Q + "supportedOn")
        if support is None or support.get("ref") not in supported:
            problem(f"{where}: no supportedOn that is defined")
        elements = policy.find(Q + "elements")
        element_ids = set()
        if policy.get("valueName"):
            admx_names.append(policy.get("valueName"))
            admx_types[policy.get("valueName")] = "integer"
            if policy.find(Q + "enabledValue") is None or policy.find(Q + "disabledValue") is None:
                problem(f"{where}: a valueName policy needs enabledValue and disabledValue")
        if elements is not None:
            for element in elements:
                kind = element.tag.removeprefix(Q)
                if kind not in ELEMENT_KINDS:
                    problem(f"{where}: unknown element {kind}")
                element_ids.add(element.get("id"))
                if element.get("valueName"):
                    admx_names.append(element.get("valueName"))
                    admx_types[element.get("valueName")] = "integer" if kind in ("decimal", "longDecimal", "boolean") else "string"
                for item in element.findall(Q + "item"):
                    string_ref(f"{where} item", item.get("displayName"))
            m = re.fullmatch(r"\$\(presentation\.([A-Za-z0-9_]+)\)", policy.get("presentation") or "")
            if not m:
                problem(f"{where}: has elements but no $(presentation.X)")
            else:
                presentation_refs[m.group(1)] = element_ids
        if not policy.get("valueName") and elements is None:
            problem(f"{where}: sets no registry value")

    duplicates = {n for n in admx_names if admx_names.count(n) > 1}
    if duplicates:
        problem(f"value names set by more than one policy: {sorted(duplicates)}")
    if set(admx_names) != app_names:
        problem(
            "ADMX value names differ from desk-core's POLICY_VALUE_NAMES: "
            f"only in the ADMX {sorted(set(admx_names) - app_names)}, "
            f"only in the app {sorted(app_names - set(admx_names))}"
        )

    for lang, adml in admls.items():
        where = f"{lang}/VRAADesk.adml"
        if adml.tag != Q + "policyDefinitionResources":
            problem(f"{where}: root is {adml.tag}, not policyDefinitionResources")
        for attr in ("revision", "schemaVersion"):
            if not adml.get(attr):
                problem(f"{where}: no {attr}")
        strings = {
            s.get("id"): (s.text or "").strip()
            for s in adml.findall(f"{Q}resources/{Q}stringTable/{Q}string")
        }
        for ref in sorted(string_refs):
            if not strings.get(ref):
                problem(f"{where}: string {ref} is missing or empty")
        presentations = {
            p.get("id"): p for p in adml.findall(f"{Q}resources/{Q}presentationTable/{Q}presentation")
        }
        for ref, element_ids in sorted(presentation_refs.items()):
            presentation = presentations.get(ref)
            if presentation is None:
                problem(f"{where}: presentation {ref} is missing")
                continue
            for control in presentation:
                kind = control.tag.removeprefix(Q)
                if kind not in PRESENTATION_KINDS:
                    continue
                if control.get("refId") not in element_ids:
                    problem(f"{where}: presentation {ref}: refId {control.get('refId')!r} names no element of the policy")
            referenced = {c.get("refId") for c in presentation if c.get("refId")}
            if referenced != element_ids:
                problem(f"{where}: presentation {ref} shows {sorted(referenced)}, the policy has {sorted(element_ids)}")

    check_msi_fragment(root / "packaging/windows/policy-values.wxs", admx_types, app_names, app_key, problem)
    return report(problems, len(policies))


WIX = "{http://schemas.microsoft.com/wix/2006/wi}"


def check_msi_fragment(path: Path, admx_types: dict, app_names: set, app_key: str, problem) -> None:
    """The MSI's policy components against the ADMX and the app (see the module docs)."""
    try:
        fragment = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        problem(f"{path}: {error}")
        return
    grouped = {
        ref.get("Id")
        for ref in fragment.iter(WIX + "ComponentRef")
        if any(ref in list(group) for group in fragment.iter(WIX + "ComponentGroup") if group.get("Id") == "PolicyValues")
    }
    names = set()
    for component in fragment.iter(WIX + "Component"):
        cid = component.get("Id")
        values = component.findall(WIX + "RegistryValue")
        if len(values) != 1:
            problem(f"MSI fragment {cid}: {len(values)} registry values, not one")
            continue
        value = values[0]
        name = value.get("Name")
        names.add(name)
        if value.get("Root") != "HKLM" or value.get("Key") != app_key:
            problem(f"MSI fragment {cid}: writes {value.get('Root')}\\{value.get('Key')}, not HKLM\\{app_key}")
        want = admx_types.get(name)
        if want and value.get("Type") != want:
            problem(f"MSI fragment {cid}: {name} is {value.get('Type')}, the ADMX sets it as {want}")
        prop = re.fullmatch(r"\[([A-Z0-9_]+)\]", value.get("Value") or "")
        condition = component.find(WIX + "Condition")
        if not prop:
            problem(f"MSI fragment {cid}: value {value.get('Value')!r} is not one [PROPERTY]")
        elif condition is None or (condition.text or "").strip() != prop.group(1):
            problem(f"MSI fragment {cid}: not installed only when {prop.group(1)} is set (Condition)")
        if cid not in grouped:
            problem(f"MSI fragment {cid}: not in ComponentGroup PolicyValues")
    if names != app_names:
        problem(
            "MSI fragment value names differ from desk-core's POLICY_VALUE_NAMES: "
            f"only in the MSI {sorted(names - app_names)}, only in the app {sorted(app_names - names)}"
        )


def report(problems: list[str], policies: int = 0) -> int:
    if problems:
        for p in problems:
            print(f"admx check: {p}", file=sys.stderr)
        return 1
    print(f"admx check: passed ({policies} policies, strings in {', '.join(LANGUAGES)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
