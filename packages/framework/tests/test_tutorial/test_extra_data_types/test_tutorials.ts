// Ports FastAPI's tests/test_tutorial/test_extra_data_types (tutorial001: UUID, datetime, timedelta and time body
// parameters), compared byte for byte with FastAPI 0.142.2's recorded answers.
import { describe, test } from "vitest";
import { z } from "zod";
import { App, py } from "../../../src/index.js";
import { EXTRA_DATA_TYPES as REF } from "../reference/extra_data_types.js";
import { replayAll, sameOpenAPI } from "../reference/replay.js";

function tutorial001(): App {
  const app = new App();
  const spec = {
    path: z.object({ item_id: py.uuid() }),
    body: { start_datetime: py.datetime(), end_datetime: py.datetime(), process_after: py.timedelta(), repeat_at: py.time().nullable().default(null) },
  };
  app.put("/items/{item_id}", spec, async function read_items({ path, body }) {
    const startProcess = body.start_datetime.add(body.process_after);
    const duration = body.end_datetime.subtract(startProcess);
    return {
      item_id: path.item_id,
      start_datetime: body.start_datetime,
      end_datetime: body.end_datetime,
      process_after: body.process_after,
      repeat_at: body.repeat_at,
      start_process: startProcess,
      duration,
    };
  });
  return app;
}

describe("test_tutorial001", () => {
  test("test_extra_types", () => replayAll(tutorial001(), REF, "tutorial001", ["extra", "naive", "iso_duration", "hex_uuid", "ts", "offset"]));
  test("test_invalid_inputs", () => replayAll(tutorial001(), REF, "tutorial001", ["no_body", "bad_uuid", "bad_dates", "date_only"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial001(), REF, "tutorial001"));
});
