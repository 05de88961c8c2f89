/**
 * What FastAPI 0.142.2 answers for the tutorial apps ported in tests/test_tutorial/: status, raw headers and body
 * text, recorded by running fastapi_reference.py (beside this file) with /tmp/pyref/bin/python. Tests compare bytes with these.
 */
export interface Recorded {
  status: number;
  headers: [string, string][];
  body: string;
}

export const FASTAPI: Record<string, Recorded> = {
  path_item_3: { status: 200, headers: [["content-length", "13"], ["content-type", "application/json"]], body: "{\"item_id\":3}" },
  path_item_foo: { status: 422, headers: [["content-length", "152"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"path\",\"item_id\"],\"msg\":\"Input should be a valid integer, unable to parse string as an integer\",\"input\":\"foo\"}]}" },
  path_item_float: { status: 422, headers: [["content-length", "152"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"path\",\"item_id\"],\"msg\":\"Input should be a valid integer, unable to parse string as an integer\",\"input\":\"4.2\"}]}" },
  path_users_me: { status: 200, headers: [["content-length", "30"], ["content-type", "application/json"]], body: "{\"user_id\":\"the current user\"}" },
  path_users_x: { status: 200, headers: [["content-length", "19"], ["content-type", "application/json"]], body: "{\"user_id\":\"alice\"}" },
  path_files: { status: 200, headers: [["content-length", "40"], ["content-type", "application/json"]], body: "{\"file_path\":\"/home/johndoe/myfile.txt\"}" },
  path_model_alexnet: { status: 200, headers: [["content-length", "55"], ["content-type", "application/json"]], body: "{\"model_name\":\"alexnet\",\"message\":\"Deep Learning FTW!\"}" },
  path_model_lenet: { status: 200, headers: [["content-length", "55"], ["content-type", "application/json"]], body: "{\"model_name\":\"lenet\",\"message\":\"LeCNN all the images\"}" },
  path_model_resnet: { status: 200, headers: [["content-length", "55"], ["content-type", "application/json"]], body: "{\"model_name\":\"resnet\",\"message\":\"Have some residuals\"}" },
  path_model_bad: { status: 422, headers: [["content-length", "177"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"enum\",\"loc\":[\"path\",\"model_name\"],\"msg\":\"Input should be 'alexnet', 'resnet' or 'lenet'\",\"input\":\"foo\",\"ctx\":{\"expected\":\"'alexnet', 'resnet' or 'lenet'\"}}]}" },
  query_items: { status: 200, headers: [["content-length", "61"], ["content-type", "application/json"]], body: "[{\"item_name\":\"Foo\"},{\"item_name\":\"Bar\"},{\"item_name\":\"Baz\"}]" },
  query_items_skip: { status: 200, headers: [["content-length", "41"], ["content-type", "application/json"]], body: "[{\"item_name\":\"Bar\"},{\"item_name\":\"Baz\"}]" },
  query_items_skip_limit: { status: 200, headers: [["content-length", "21"], ["content-type", "application/json"]], body: "[{\"item_name\":\"Bar\"}]" },
  query_items_bad: { status: 422, headers: [["content-length", "285"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"query\",\"skip\"],\"msg\":\"Input should be a valid integer, unable to parse string as an integer\",\"input\":\"x\"},{\"type\":\"int_parsing\",\"loc\":[\"query\",\"limit\"],\"msg\":\"Input should be a valid integer, unable to parse string as an integer\",\"input\":\"y\"}]}" },
  query_item: { status: 200, headers: [["content-length", "85"], ["content-type", "application/json"]], body: "{\"item_id\":\"foo\",\"description\":\"This is an amazing item that has a long description\"}" },
  query_item_q: { status: 200, headers: [["content-length", "95"], ["content-type", "application/json"]], body: "{\"item_id\":\"foo\",\"q\":\"bar\",\"description\":\"This is an amazing item that has a long description\"}" },
  query_item_short_1: { status: 200, headers: [["content-length", "17"], ["content-type", "application/json"]], body: "{\"item_id\":\"foo\"}" },
  query_item_short_yes: { status: 200, headers: [["content-length", "25"], ["content-type", "application/json"]], body: "{\"item_id\":\"foo\",\"q\":\"x\"}" },
  query_item_short_bad: { status: 422, headers: [["content-length", "143"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"bool_parsing\",\"loc\":[\"query\",\"short\"],\"msg\":\"Input should be a valid boolean, unable to interpret input\",\"input\":\"maybe\"}]}" },
  query_needy_missing: { status: 422, headers: [["content-length", "91"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"query\",\"needy\"],\"msg\":\"Field required\",\"input\":null}]}" },
  query_needy: { status: 200, headers: [["content-length", "60"], ["content-type", "application/json"]], body: "{\"item_id\":\"foo\",\"needy\":\"sooooneedy\",\"skip\":0,\"limit\":null}" },
  query_needy_all: { status: 422, headers: [["content-length", "285"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"query\",\"skip\"],\"msg\":\"Input should be a valid integer, unable to parse string as an integer\",\"input\":\"a\"},{\"type\":\"int_parsing\",\"loc\":[\"query\",\"limit\"],\"msg\":\"Input should be a valid integer, unable to parse string as an integer\",\"input\":\"b\"}]}" },
  body_ok: { status: 200, headers: [["content-length", "57"], ["content-type", "application/json"]], body: "{\"name\":\"Foo\",\"description\":null,\"price\":50.5,\"tax\":null}" },
  body_tax: { status: 200, headers: [["content-length", "84"], ["content-type", "application/json"]], body: "{\"name\":\"Foo\",\"description\":\"Some Foo\",\"price\":50.5,\"tax\":0.5,\"price_with_tax\":51.0}" },
  body_missing_price: { status: 422, headers: [["content-length", "100"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"price\"],\"msg\":\"Field required\",\"input\":{\"name\":\"Foo\"}}]}" },
  body_bad_price: { status: 422, headers: [["content-length", "151"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"float_parsing\",\"loc\":[\"body\",\"price\"],\"msg\":\"Input should be a valid number, unable to parse string as a number\",\"input\":\"fifty\"}]}" },
  body_none: { status: 422, headers: [["content-length", "82"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\"],\"msg\":\"Field required\",\"input\":null}]}" },
  body_list: { status: 422, headers: [["content-length", "150"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"model_attributes_type\",\"loc\":[\"body\"],\"msg\":\"Input should be a valid dictionary or object to extract fields from\",\"input\":[\"a\"]}]}" },
  body_broken: { status: 422, headers: [["content-length", "125"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"json_invalid\",\"loc\":[\"body\",25],\"msg\":\"JSON decode error\",\"input\":{},\"ctx\":{\"error\":\"Expecting value\"}}]}" },
  body_text: { status: 422, headers: [["content-length", "177"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"model_attributes_type\",\"loc\":[\"body\"],\"msg\":\"Input should be a valid dictionary or object to extract fields from\",\"input\":\"{\\\"name\\\":\\\"Foo\\\",\\\"price\\\":1}\"}]}" },
  body_put: { status: 200, headers: [["content-length", "76"], ["content-type", "application/json"]], body: "{\"item_id\":5,\"name\":\"Foo\",\"description\":null,\"price\":2.0,\"tax\":null,\"q\":\"x\"}" },
  body_put_bad: { status: 422, headers: [["content-length", "371"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"path\",\"item_id\"],\"msg\":\"Input should be a valid integer, unable to parse string as an integer\",\"input\":\"x\"},{\"type\":\"missing\",\"loc\":[\"body\",\"name\"],\"msg\":\"Field required\",\"input\":{\"price\":\"y\"}},{\"type\":\"float_parsing\",\"loc\":[\"body\",\"price\"],\"msg\":\"Input should be a valid number, unable to parse string as a number\",\"input\":\"y\"}]}" },
  resp_user: { status: 200, headers: [["content-length", "61"], ["content-type", "application/json"]], body: "{\"username\":\"foo\",\"email\":\"foo@example.com\",\"full_name\":null}" },
  resp_user_full: { status: 200, headers: [["content-length", "70"], ["content-type", "application/json"]], body: "{\"username\":\"foo\",\"email\":\"foo@example.com\",\"full_name\":\"Grüße ☃\"}" },
  resp_broken: { status: 500, headers: [["content-length", "21"], ["content-type", "text/plain; charset=utf-8"]], body: "Internal Server Error" },
  resp_created: { status: 201, headers: [["content-length", "11"], ["content-type", "application/json"]], body: "{\"ok\":true}" },
  resp_gone: { status: 204, headers: [["content-type", "application/json"]], body: "" },
  err_item: { status: 200, headers: [["content-length", "28"], ["content-type", "application/json"]], body: "{\"item\":\"The Foo Wrestlers\"}" },
  err_item_404: { status: 404, headers: [["content-length", "27"], ["content-type", "application/json"]], body: "{\"detail\":\"Item not found\"}" },
  err_header: { status: 404, headers: [["x-error", "There goes my error"], ["content-length", "27"], ["content-type", "application/json"]], body: "{\"detail\":\"Item not found\"}" },
  err_unicorn: { status: 418, headers: [["content-length", "63"], ["content-type", "application/json"]], body: "{\"message\":\"Oops! yolo did something. There goes a rainbow...\"}" },
  err_unicorn_ok: { status: 200, headers: [["content-length", "25"], ["content-type", "application/json"]], body: "{\"unicorn_name\":\"shinny\"}" },
  err_detail_obj: { status: 400, headers: [["content-length", "38"], ["content-type", "application/json"]], body: "{\"detail\":{\"msg\":\"bad\",\"codes\":[1,2]}}" },
  err4_bad: { status: 400, headers: [["content-length", "123"], ["content-type", "text/plain; charset=utf-8"]], body: "Validation errors:\nField: ('path', 'item_id'), Error: Input should be a valid integer, unable to parse string as an integer" },
  err4_3: { status: 418, headers: [["content-length", "21"], ["content-type", "text/plain; charset=utf-8"]], body: "Nope! I don't like 3." },
  err4_ok: { status: 200, headers: [["content-length", "13"], ["content-type", "application/json"]], body: "{\"item_id\":2}" },
  err5_bad: { status: 422, headers: [["content-length", "185"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"body\",\"size\"],\"msg\":\"Input should be a valid integer, unable to parse string as an integer\",\"input\":\"XL\"}],\"body\":{\"title\":\"towel\",\"size\":\"XL\"}}" },
  err5_ok: { status: 200, headers: [["content-length", "26"], ["content-type", "application/json"]], body: "{\"title\":\"towel\",\"size\":5}" },
  err6_bad: { status: 422, headers: [["content-length", "152"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"path\",\"item_id\"],\"msg\":\"Input should be a valid integer, unable to parse string as an integer\",\"input\":\"foo\"}]}" },
  err6_3: { status: 418, headers: [["content-length", "34"], ["content-type", "application/json"]], body: "{\"detail\":\"Nope! I don't like 3.\"}" },
  err6_ok: { status: 200, headers: [["content-length", "13"], ["content-type", "application/json"]], body: "{\"item_id\":2}" },
  dep_items: { status: 200, headers: [["content-length", "31"], ["content-type", "application/json"]], body: "{\"q\":null,\"skip\":0,\"limit\":100}" },
  dep_items_q: { status: 200, headers: [["content-length", "31"], ["content-type", "application/json"]], body: "{\"q\":\"foo\",\"skip\":5,\"limit\":30}" },
  dep_users_bad: { status: 422, headers: [["content-length", "148"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"query\",\"skip\"],\"msg\":\"Input should be a valid integer, unable to parse string as an integer\",\"input\":\"a\"}]}" },
  dep_sub: { status: 200, headers: [["content-length", "20"], ["content-type", "application/json"]], body: "{\"q_or_cookie\":null}" },
  dep_sub_q: { status: 200, headers: [["content-length", "21"], ["content-type", "application/json"]], body: "{\"q_or_cookie\":\"foo\"}" },
  dep_sub_cookie: { status: 200, headers: [["content-length", "29"], ["content-type", "application/json"]], body: "{\"q_or_cookie\":\"from cookie\"}" },
  dep_guard_none: { status: 422, headers: [["content-length", "174"], ["content-type", "application/json"]], body: "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"header\",\"x-token\"],\"msg\":\"Field required\",\"input\":null},{\"type\":\"missing\",\"loc\":[\"header\",\"x-key\"],\"msg\":\"Field required\",\"input\":null}]}" },
  dep_guard_badtoken: { status: 400, headers: [["content-length", "35"], ["content-type", "application/json"]], body: "{\"detail\":\"X-Token header invalid\"}" },
  dep_guard_badkey: { status: 400, headers: [["content-length", "33"], ["content-type", "application/json"]], body: "{\"detail\":\"X-Key header invalid\"}" },
  dep_guard_ok: { status: 200, headers: [["content-length", "31"], ["content-type", "application/json"]], body: "[{\"item\":\"Foo\"},{\"item\":\"Bar\"}]" },
  hdr_default: { status: 200, headers: [["content-length", "27"], ["content-type", "application/json"]], body: "{\"User-Agent\":\"testclient\"}" },
  hdr_custom: { status: 200, headers: [["content-length", "29"], ["content-type", "application/json"]], body: "{\"User-Agent\":\"FastAPI test\"}" },
  hdr_tokens_none: { status: 200, headers: [["content-length", "23"], ["content-type", "application/json"]], body: "{\"X-Token values\":null}" },
  hdr_tokens: { status: 200, headers: [["content-length", "32"], ["content-type", "application/json"]], body: "{\"X-Token values\":[\"foo\",\"bar\"]}" },
  cookie_none: { status: 200, headers: [["content-length", "15"], ["content-type", "application/json"]], body: "{\"ads_id\":null}" },
  cookie_set: { status: 200, headers: [["content-length", "22"], ["content-type", "application/json"]], body: "{\"ads_id\":\"ads_track\"}" },
};

/** Asserts a TestClient response carries exactly FastAPI's status, header list and body. */
export function expectSameAsFastAPI(
  response: { status: number; rawHeaders: [string, string][]; text: string },
  name: string,
  check: (actual: unknown, expected: unknown) => void,
): void {
  const recorded = FASTAPI[name];
  if (recorded === undefined) throw new Error(`no recorded FastAPI answer named ${name}`);
  check({ status: response.status, headers: response.rawHeaders, body: response.text }, recorded);
}
