// Ports the parts of FastAPI's tests/test_jsonable_encoder.py that apply to JS values: dicts and class instances
// with include/exclude, custom encoders, Decimals, deques (arrays) of objects. Pydantic models (exclude_unset,
// aliases, config), enums, paths and pydantic v1 have no JS counterpart: a model's defaults are zod's, applied by
// validation (see excludeUnset and the response options), not by the encoder.
import { expect, test } from "vitest";
import { jsonableEncoder, PyDecimal } from "../src/index.js";

class Person {
  constructor(readonly name: string) {}
}

class Pet {
  constructor(
    readonly owner: Person,
    readonly name: string,
  ) {}
}

function checkIncludeExclude(pet: unknown): void {
  expect(jsonableEncoder(pet)).toEqual({ name: "Firulais", owner: { name: "Foo" } });
  expect(jsonableEncoder(pet, { include: ["name"] })).toEqual({ name: "Firulais" });
  expect(jsonableEncoder(pet, { exclude: ["owner"] })).toEqual({ name: "Firulais" });
  expect(jsonableEncoder(pet, { include: [] })).toEqual({});
  expect(jsonableEncoder(pet, { exclude: [] })).toEqual({ name: "Firulais", owner: { name: "Foo" } });
}

test("test_encode_dict", () => {
  checkIncludeExclude({ name: "Firulais", owner: { name: "Foo" } });
});

test("test_encode_dict_include_exclude_list", () => {
  const pet = { name: "Firulais", owner: { name: "Foo" } };
  expect(jsonableEncoder(pet, { include: new Set(["name"]) })).toEqual({ name: "Firulais" });
  expect(jsonableEncoder(pet, { exclude: new Set(["owner"]) })).toEqual({ name: "Firulais" });
  // include/exclude name top-level keys only, as Python's dict branch passes neither down.
  expect(jsonableEncoder(pet, { exclude: ["name"] })).toEqual({ owner: { name: "Foo" } });
});

test("test_encode_class", () => {
  checkIncludeExclude(new Pet(new Person("Foo"), "Firulais"));
});

test("test_encode_dataclass", () => {
  const item = { name: "foo", count: 100 };
  expect(jsonableEncoder(item)).toEqual({ name: "foo", count: 100 });
  expect(jsonableEncoder(item, { include: ["name"] })).toEqual({ name: "foo" });
  expect(jsonableEncoder(item, { exclude: ["count"] })).toEqual({ name: "foo" });
  expect(jsonableEncoder(item, { include: [] })).toEqual({});
});

test("test_encode_exclude_none", () => {
  expect(jsonableEncoder({ a: null, b: { c: null, d: 1 }, e: [null] }, { excludeNone: true })).toEqual({ b: { d: 1 }, e: [null] });
});

test("test_custom_encoders", () => {
  class SafeDate extends Date {}
  const instance = { dt_field: new SafeDate(Date.UTC(2021, 0, 1, 0, 0, 0)) };
  const encoded = jsonableEncoder(instance, { customEncoder: new Map([[SafeDate, (value: SafeDate) => `encoded ${value.getUTCFullYear()}`]]) });
  expect(encoded).toEqual({ dt_field: "encoded 2021" });
  expect(jsonableEncoder(instance)).toEqual({ dt_field: "2021-01-01T00:00:00Z" });
});

test("test_decimal_encoder_float", () => {
  expect(jsonableEncoder({ value: new PyDecimal("1.23") })).toEqual({ value: 1.23 });
});

test("test_decimal_encoder_int", () => {
  expect(jsonableEncoder({ value: new PyDecimal("2") })).toEqual({ value: 2 });
});

test("test_decimal_encoder_nan", () => {
  expect(Number.isNaN((jsonableEncoder({ value: new PyDecimal("NaN") }) as { value: number }).value)).toBe(true);
});

test("test_decimal_encoder_infinity", () => {
  expect((jsonableEncoder({ value: new PyDecimal("Infinity") }) as { value: number }).value).toBe(Infinity);
  expect((jsonableEncoder({ value: new PyDecimal("-Infinity") }) as { value: number }).value).toBe(-Infinity);
});

test("test_encode_deque_encodes_child_models", () => {
  const deque = new Set([new Person("test")]);
  expect((jsonableEncoder(deque) as { name: string }[])[0]?.name).toBe("test");
});

test("test_encode_pydantic_undefined", () => {
  // JS's undefined is left out of an object (as JSON.stringify does) and is null in a list.
  expect(jsonableEncoder({ value: undefined, list: [undefined] })).toEqual({ list: [null] });
});
