// Ports FastAPI's tests/test_tutorial/test_stream_data (tutorial001: text, tutorial002: an image): a generator
// handler with a StreamingResponse class gives its chunks to the class as they come. Bytes as FastAPI 0.142.2's.
import { expect, test } from "vitest";
import { App, StreamingResponse, TestClient } from "../../src/index.js";
import { sameAsFastAPI, sameBinaryAsFastAPI, sameOpenAPI } from "./streaming_compare.js";

const message = `
Rick: (stumbles in drunkenly, and turns on the lights) Morty! You gotta come on. You got--... you gotta come with me.
Morty: (rubs his eyes) What, Rick? What's going on?
Rick: I got a surprise for you, Morty.
Morty: It's the middle of the night. What are you talking about?
Rick: (spills alcohol on Morty's bed) Come on, I got a surprise for you. (drags Morty by the ankle) Come on, hurry up. (pulls Morty out of his bed and into the hall)
Morty: Ow! Ow! You're tugging me too hard!
Rick: We gotta go, gotta get outta here, come on. Got a surprise for you Morty.
`;
// Python's str.splitlines(): no empty last line for the final newline.
const lines = message.split("\n").slice(0, -1);
const encoder = new TextEncoder();

function app001(): App {
  const app = new App();
  const spec = { responseClass: StreamingResponse };
  app.get("/story/stream", spec, async function* stream_story() {
    for (const line of lines) yield line;
  });
  app.get("/story/stream-no-async", spec, function* stream_story_no_async() {
    for (const line of lines) yield line;
  });
  app.get("/story/stream-no-annotation", spec, async function* stream_story_no_annotation() {
    for (const line of lines) yield line;
  });
  app.get("/story/stream-no-async-no-annotation", spec, function* stream_story_no_async_no_annotation() {
    for (const line of lines) yield line;
  });
  app.get("/story/stream-bytes", spec, async function* stream_story_bytes() {
    for (const line of lines) yield encoder.encode(line);
  });
  app.get("/story/stream-no-async-bytes", spec, function* stream_story_no_async_bytes() {
    for (const line of lines) yield encoder.encode(line);
  });
  app.get("/story/stream-no-annotation-bytes", spec, async function* stream_story_no_annotation_bytes() {
    for (const line of lines) yield encoder.encode(line);
  });
  app.get("/story/stream-no-async-no-annotation-bytes", spec, function* stream_story_no_async_no_annotation_bytes() {
    for (const line of lines) yield encoder.encode(line);
  });
  return app;
}

const paths001 = [
  "stream",
  "stream-no-async",
  "stream-no-annotation",
  "stream-no-async-no-annotation",
  "stream-bytes",
  "stream-no-async-bytes",
  "stream-no-annotation-bytes",
  "stream-no-async-no-annotation-bytes",
];

test.each(paths001)("test_stream_story %s", async (path) => {
  const response = await new TestClient(app001().asgi).get(`/story/${path}`);
  expect(response.status).toBe(200);
  expect(response.text).toBe(lines.join(""));
  sameAsFastAPI(response, `sd1_${path}`);
});

test("test_openapi_schema (tutorial001)", () => {
  sameOpenAPI(app001().openapi(), "sd1");
});

// A 29x29 PNG, as the tutorial's base64 text.
const IMAGE_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAB0AAAAdCAYAAABWk2cPAAAAbnpUWHRSYXcgcHJvZmlsZSB0eXBlIGV4aWYAAHjadYzRDYAwCET/mcIRDoq0jGOiJm7g+NJK0vjhS4DjIEfHfZ20DKqSrrWZmyFQV5ctRMOLACxglNCcXk7zVqFzJzF8kV6R5vOJ97yVH78HjfYAtg0ged033ZgAAAoCaVRYdFhNTDpjb20uYWRvYmUueG1wAAAAAAA8P3hwYWNrZXQgYmVnaW49Iu+7vyIgaWQ9Ilc1TTBNcENlaGlIenJlU3pOVGN6a2M5ZCI/Pgo8eDp4bXBtZXRhIHhtbG5zOng9ImFkb2JlOm5zOm1ldGEvIiB4OnhtcHRrPSJYTVAgQ29yZSA0LjQuMC1FeGl2MiI+CiA8cmRmOlJERiB4bWxuczpyZGY9Imh0dHA6Ly93d3cudzMub3JnLzE5OTkvMDIvMjItcmRmLXN5bnRheC1ucyMiPgogIDxyZGY6RGVzY3JpcHRpb24gcmRmOmFib3V0PSIiCiAgICB4bWxuczpleGlmPSJodHRwOi8vbnMuYWRvYmUuY29tL2V4aWYvMS4wLyIKICAgIHhtbG5zOnRpZmY9Imh0dHA6Ly9ucy5hZG9iZS5jb20vdGlmZi8xLjAvIgogICBleGlmOlBpeGVsWERpbWVuc2lvbj0iMjkiCiAgIGV4aWY6UGl4ZWxZRGltZW5zaW9uPSIyOSIKICAgdGlmZjpJbWFnZVdpZHRoPSIyOSIKICAgdGlmZjpJbWFnZUxlbmd0aD0iMjkiCiAgIHRpZmY6T3JpZW50YXRpb249IjEiLz4KIDwvcmRmOlJERj4KPC94OnhtcG1ldGE+CiAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAogICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCiAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAogICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCiAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAogICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCiAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAogICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCiAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAogICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCiAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAogICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCiAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAogICAgICAgICAgICAgICAgICAgICAgICAgICAKPD94cGFja2V0IGVuZD0idyI/PnQkBZAAAAAEc0JJVAgICAh8CGSIAAABoklEQVRIx8VXwY7FIAjE5iXWU+P/f6RHPNW9LIaOoHYP+0yMShVkwNGG1lqjfy4HfaF0oyEEt+oSQqBaa//m9Wd6PlqhhbRMDiEQM3e59FNKw5qZHpnQfuPaW6lazsztvu/eElFj5j63lNLlMz2ttbZtVMu1MTGo5Sujn93gMzOllKiUQjHGB9QxxneZhJ5iwZ1rL2fwenoGeL0q3wVGhBPHMz0PeFccIfASEeWcO8xEROd50q6eAV6s1s5XXoncas1EKqVQznnwUBdJJmm1l3hmmdlOMrGO8Vl5gZ56Y0y8IZF0BuqkQWM4B6HXrRCKa1SEqyzEo7KK59RT/VHDjX3ZvSefeW3CO6O6vsiA1NrwVkxxAcYTCcHyTjZmJd00pugBQoTnzjvn+kzLBh9GtRDjhleZFwbx3kugP3GvFzdkqRlbDYw0u/HxKjuOw2QxZCGL5V5f4l7cd6qsffUa1DcLM9N1XcTMvep5ul1e4jNPtZfWGIkE6dI8MquXg/dS2CGVJQ2ushd5GmlxFdOw+1tRa32MY4zDQ9yaZ60J3/iX+QG4U3qGrFHmswAAAABJRU5ErkJggg==";
const binaryImage = new Uint8Array(Buffer.from(IMAGE_BASE64, "base64"));

/** Python's iteration over a BytesIO: lines, each ending with its b"\n". */
function* readImage(): Generator<Uint8Array> {
  let start = 0;
  for (let i = 0; i < binaryImage.length; i++) {
    if (binaryImage[i] === 0x0a) {
      yield binaryImage.subarray(start, i + 1);
      start = i + 1;
    }
  }
  if (start < binaryImage.length) yield binaryImage.subarray(start);
}

class PNGStreamingResponse extends StreamingResponse {
  static override mediaType: string | null = "image/png";
}

function app002(): App {
  const app = new App();
  const spec = { responseClass: PNGStreamingResponse };
  app.get("/image/stream", spec, async function* stream_image() {
    for (const chunk of readImage()) yield chunk;
  });
  app.get("/image/stream-no-async", spec, function* stream_image_no_async() {
    for (const chunk of readImage()) yield chunk;
  });
  app.get("/image/stream-no-async-yield-from", spec, function* stream_image_no_async_yield_from() {
    yield* readImage();
  });
  app.get("/image/stream-no-annotation", spec, async function* stream_image_no_annotation() {
    for (const chunk of readImage()) yield chunk;
  });
  app.get("/image/stream-no-async-no-annotation", spec, function* stream_image_no_async_no_annotation() {
    for (const chunk of readImage()) yield chunk;
  });
  return app;
}

test.each(["stream", "stream-no-async", "stream-no-async-yield-from", "stream-no-annotation", "stream-no-async-no-annotation"])(
  "test_stream_image %s",
  async (path) => {
    const response = await new TestClient(app002().asgi).get(`/image/${path}`);
    expect(response.status).toBe(200);
    expect(Buffer.from(response.content).equals(Buffer.from(binaryImage))).toBe(true);
    sameBinaryAsFastAPI(response, `sd2_${path}`);
  },
);

test("test_openapi_schema (tutorial002)", () => {
  sameOpenAPI(app002().openapi(), "sd2");
});
