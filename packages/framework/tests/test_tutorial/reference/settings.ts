/** What FastAPI 0.142.2 answers for the settings tutorial apps: written by settings.py (run it to refresh). */
import type { Recorded } from "../fastapi_reference.js";

export const SETTINGS: Record<string, Recorded> = {
  "app01_missing_errors": {"status": 0, "headers": [], "body": "[{\"type\": \"missing\", \"loc\": [\"admin_email\"], \"msg\": \"Field required\", \"input\": {}}]"},
  "t001_info": {"status": 200, "headers": [["content-length", "80"], ["content-type", "application/json"]], "body": "{\"app_name\":\"Awesome API\",\"admin_email\":\"admin@example.com\",\"items_per_user\":50}"},
  "t001_openapi": {"status": 200, "headers": [["content-length", "242"], ["content-type", "application/json"]], "body": "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"FastAPI\",\"version\":\"0.1.0\"},\"paths\":{\"/info\":{\"get\":{\"summary\":\"Info\",\"operationId\":\"info_info_get\",\"responses\":{\"200\":{\"description\":\"Successful Response\",\"content\":{\"application/json\":{\"schema\":{}}}}}}}}}"},
  "app01_info": {"status": 200, "headers": [["content-length", "80"], ["content-type", "application/json"]], "body": "{\"app_name\":\"Awesome API\",\"admin_email\":\"admin@example.com\",\"items_per_user\":50}"},
  "app01_openapi": {"status": 200, "headers": [["content-length", "242"], ["content-type", "application/json"]], "body": "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"FastAPI\",\"version\":\"0.1.0\"},\"paths\":{\"/info\":{\"get\":{\"summary\":\"Info\",\"operationId\":\"info_info_get\",\"responses\":{\"200\":{\"description\":\"Successful Response\",\"content\":{\"application/json\":{\"schema\":{}}}}}}}}}"},
  "app02_info_override": {"status": 200, "headers": [["content-length", "88"], ["content-type", "application/json"]], "body": "{\"app_name\":\"Awesome API\",\"admin_email\":\"testing_admin@example.com\",\"items_per_user\":50}"},
  "app02_info": {"status": 200, "headers": [["content-length", "80"], ["content-type", "application/json"]], "body": "{\"app_name\":\"Awesome API\",\"admin_email\":\"admin@example.com\",\"items_per_user\":50}"},
  "app02_openapi": {"status": 200, "headers": [["content-length", "242"], ["content-type", "application/json"]], "body": "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"FastAPI\",\"version\":\"0.1.0\"},\"paths\":{\"/info\":{\"get\":{\"summary\":\"Info\",\"operationId\":\"info_info_get\",\"responses\":{\"200\":{\"description\":\"Successful Response\",\"content\":{\"application/json\":{\"schema\":{}}}}}}}}}"},
  "app03_info": {"status": 200, "headers": [["content-length", "80"], ["content-type", "application/json"]], "body": "{\"app_name\":\"Awesome API\",\"admin_email\":\"admin@example.com\",\"items_per_user\":50}"},
};
