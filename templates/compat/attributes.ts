/**
 * Attribute and item access with the rules of Jinja2's `ImmutableSandboxedEnvironment`.
 *
 * - `obj.name` ({@link getattr}): a Python attribute first (a `str`/`dict`/`list` method), then
 *   the item `obj["name"]`; so `schema.items()` is the dict method even when the schema has a
 *   property named `items`.
 * - `obj[key]` ({@link getitem}): the item first, then (for a string key) the attribute; so
 *   `d["items"]` is the value stored under "items".
 * - Missing things give an undefined value carrying Python's message (`'dict object' has no
 *   attribute 'x'`, `None has no element 0`); using an undefined raises that message.
 * - Methods that mutate (`list.append`, `dict.update`, …) and dunder attributes are unsafe:
 *   calling them raises `SecurityError: access to attribute 'append' of 'list' object is unsafe.`
 *
 * ```ts
 * getattr(toRuntime({ items: 1 }), "items"); // the bound method dict.items
 * getitem(toRuntime({ items: 1 }), str("items")); // int 1
 * ```
 *
 * Source: Jinja2 `sandbox.py` (`getattr`, `getitem`, `modifies_known_mutable`), CPython `str`,
 * `dict`, `list` methods.
 */
import { pyTypeError, pyValueError } from "../errors.ts";
import { noKwargs, pyFunction, type Kwargs } from "./args.ts";
import { dictKey, failUndefined, isInt, isStr, keyValue, numOf, pyEq } from "./ops.ts";
import { objectTypeRepr, pyRepr, typeName } from "./pystr.ts";
import { sameKind, STR_METHODS } from "./str-methods.ts";
import { astral, sliceIndices } from "./strings.ts";
import {
  ArrayValue,
  NamespaceValue,
  NullValue,
  ObjectValue,
  TupleValue,
  UndefinedValue,
  type ArrV,
  type MapV,
  type RV,
} from "./runtime.ts";
import { DictView, NativeObject, NONE, int, list, str, undef } from "./values.ts";

type Method = (self: RV, args: RV[], kwargs: Kwargs) => RV;

/**
 * Dict views are cached per dict: dicts never change after creation in the immutable
 * sandbox (namespaces, the only mutable objects, are not dicts).
 */
const VIEWS = new WeakMap<object, Partial<Record<"dict_items" | "dict_keys" | "dict_values", DictView>>>();
function view(d: RV, kind: "dict_items" | "dict_keys" | "dict_values"): DictView {
  let cached = VIEWS.get(d);
  if (!cached) VIEWS.set(d, (cached = {}));
  const hit = cached[kind];
  if (hit) return hit;
  const map = (d as MapV).value;
  const items: RV[] = [];
  if (kind === "dict_items") for (const [key, v] of map) items.push(new TupleValue([keyValue(key), v]));
  else if (kind === "dict_keys") for (const key of map.keys()) items.push(keyValue(key));
  else for (const v of map.values()) items.push(v);
  return (cached[kind] = new DictView(items, kind));
}

const dictMethods: Record<string, Method> = {
  get: (d, a, k) => {
    noKwargs("get", k);
    if (a.length < 1 || a.length > 2) throw pyTypeError(`get expected at least 1 argument, got ${a.length}`);
    return (d as MapV).value.get(dictKey(a[0])) ?? a[1] ?? NONE;
  },
  items: (d, a, k) => (noKwargs("items", k), view(d, "dict_items")),
  keys: (d, a, k) => (noKwargs("keys", k), view(d, "dict_keys")),
  values: (d, a, k) => (noKwargs("values", k), view(d, "dict_values")),
  copy: (d) => new ObjectValue(new Map((d as MapV).value)),
};

const listMethods: Record<string, Method> = {
  index: (l, a) => {
    const items = (l as ArrV).value;
    const i = items.findIndex((x) => pyEq(x, a[0] ?? NONE));
    if (i < 0) throw pyValueError(`${a[0] ? pyRepr(a[0]) : "None"} is not in list`);
    return int(i);
  },
  count: (l, a) => int((l as ArrV).value.filter((x) => pyEq(x, a[0] ?? NONE)).length),
  copy: (l) => list([...(l as ArrV).value]),
};

const DICT_METHODS = new Map(Object.entries(dictMethods));
const LIST_METHODS = new Map(Object.entries(listMethods));

const MUTATING: Record<string, ReadonlySet<string>> = {
  list: new Set(["append", "clear", "pop", "reverse", "insert", "sort", "extend", "remove"]),
  dict: new Set(["clear", "pop", "popitem", "setdefault", "update"]),
};

function bound<T extends RV>(self: T, method: (self: T, args: RV[], kwargs: Kwargs) => RV): RV {
  return pyFunction((args, kwargs) => method(self, args, kwargs));
}

function unsafe(obj: RV, name: string): RV {
  return undef(`access to attribute '${name}' of '${typeName(obj)}' object is unsafe.`, "SecurityError");
}

const noAttr = (obj: RV, name: string) => undef(`'${objectTypeRepr(obj)}' has no attribute '${name}'`);
const noElement = (obj: RV, key: RV) => undef(`${objectTypeRepr(obj)} has no element ${pyRepr(key)}`);

/** The Python attribute `name` of `obj`, or undefined (no item fallback). */
export function pyAttribute(obj: RV, name: string): RV | undefined {
  if (name.startsWith("__")) return unsafe(obj, name);
  if (isStr(obj)) {
    const m = STR_METHODS.get(name);
    return m ? bound(obj, m) : undefined;
  }
  if (obj instanceof ObjectValue && !(obj instanceof NamespaceValue)) {
    if (MUTATING.dict.has(name)) return unsafe(obj, name);
    const m = DICT_METHODS.get(name);
    return m ? bound(obj, m) : undefined;
  }
  if (obj instanceof ArrayValue) {
    if (obj instanceof TupleValue || obj instanceof DictView) {
      if (name !== "index" && name !== "count") return undefined;
    } else if (MUTATING.list.has(name)) return unsafe(obj, name);
    const m = LIST_METHODS.get(name);
    return m ? bound(obj, m) : undefined;
  }
  if (obj instanceof NamespaceValue) return (obj as MapV).value.get(name);
  if (obj instanceof NativeObject) return obj.getAttr(name);
  return undefined;
}

/** Jinja2 `obj.name`. */
export function getattr(obj: RV, name: string): RV {
  if (obj instanceof UndefinedValue) failUndefined(obj);
  if (obj instanceof ObjectValue && !(obj instanceof NamespaceValue) && !DICT_METHODS.has(name) && !name.startsWith("__")) {
    // fast path: plain dict attribute access that is not a method name
    if (MUTATING.dict.has(name)) return unsafe(obj, name);
    return (obj as MapV).value.get(name) ?? noAttr(obj, name);
  }
  const attr = pyAttribute(obj, name);
  if (attr !== undefined) return attr;
  if (obj instanceof ObjectValue && !(obj instanceof NamespaceValue)) {
    const v = (obj as MapV).value.get(name);
    if (v !== undefined) return v;
  }
  return noAttr(obj, name);
}

function indexOf(key: RV): number | null {
  return isInt(key) ? numOf(key) : null;
}

/** Jinja2 `obj[key]`. */
export function getitem(obj: RV, key: RV): RV {
  if (obj instanceof UndefinedValue) failUndefined(obj);
  if (obj instanceof ObjectValue && !(obj instanceof NamespaceValue)) {
    let k: unknown;
    try {
      k = dictKey(key);
    } catch {
      return noElement(obj, key);
    }
    const v = (obj as MapV).value.get(k);
    if (v !== undefined) return v;
  } else if ((obj instanceof ArrayValue && !(obj instanceof DictView)) || isStr(obj)) {
    const i = indexOf(key);
    if (i !== null) {
      if (isStr(obj)) {
        const cps = astral(obj.value);
        const len = cps ? cps.length : obj.value.length;
        const j = i < 0 ? i + len : i;
        if (j >= 0 && j < len) return str(cps ? cps[j] : obj.value[j]);
      } else {
        const items = (obj as ArrV).value;
        const j = i < 0 ? i + items.length : i;
        if (j >= 0 && j < items.length) return items[j];
      }
      return noElement(obj, key);
    }
  }
  if (isStr(key)) {
    const attr = pyAttribute(obj, key.value);
    if (attr !== undefined) return attr;
    return noAttr(obj, key.value);
  }
  return noElement(obj, key);
}

/**
 * Jinja2 `obj[start:stop:step]`: plain Python slicing (Jinja2 does not route slices through
 * the sandbox's `getitem`, so errors are raised rather than turned into undefined).
 */
export function getslice(obj: RV, start: RV, stop: RV, step: RV): RV {
  if (obj instanceof UndefinedValue) failUndefined(obj);
  if (!(obj instanceof ArrayValue || isStr(obj)) || obj instanceof DictView) {
    if (obj instanceof ObjectValue && !(obj instanceof NamespaceValue)) throw pyTypeError("unhashable type: 'slice'");
    throw pyTypeError(`'${typeName(obj)}' object is not subscriptable`);
  }
  const bound = (v: RV): number | null => {
    if (v instanceof NullValue) return null;
    if (!isInt(v)) throw pyTypeError("slice indices must be integers or None or have an __index__ method");
    return numOf(v);
  };
  const a = bound(start);
  const b = bound(stop);
  const c = bound(step);
  if (isStr(obj)) {
    const cps = astral(obj.value);
    const chars = cps ?? obj.value;
    const idx = sliceIndices(chars.length, a, b, c ?? 1);
    let out = "";
    for (const i of idx) out += chars[i];
    return sameKind(obj, out);
  }
  const items = (obj as ArrV).value;
  const out = sliceIndices(items.length, a, b, c ?? 1).map((i) => items[i]);
  return obj instanceof TupleValue ? new TupleValue(out) : list(out);
}
