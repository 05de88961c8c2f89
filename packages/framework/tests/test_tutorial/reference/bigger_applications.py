# Records FastAPI 0.142.2's answers for docs_src/bigger_applications (the app package) into bigger_applications.ts:
# the requests of FastAPI's test_bigger_applications/test_main.py. Usage: see recorder.py.
from recorder import Recorder, tutorial
from fastapi.testclient import TestClient

r = Recorder("BIGGER_APPLICATIONS")
c = TestClient(tutorial("bigger_applications.app_an_py310.main").app)
h = {"X-Token": "fake-super-secret-token"}
REQUESTS = [
    ("test_users_token_jessica", "get", "/users?token=jessica", None),
    ("test_users_with_no_token", "get", "/users", None),
    ("test_users_foo_token_jessica", "get", "/users/foo?token=jessica", None),
    ("test_users_foo_with_no_token", "get", "/users/foo", None),
    ("test_users_me_token_jessica", "get", "/users/me?token=jessica", None),
    ("test_users_me_with_no_token", "get", "/users/me", None),
    ("test_users_token_monica_with_no_jessica", "get", "/users?token=monica", None),
    ("test_items_token_jessica", "get", "/items?token=jessica", h),
    ("test_items_with_no_token_jessica", "get", "/items", h),
    ("test_items_plumbus_token_jessica", "get", "/items/plumbus?token=jessica", h),
    ("test_items_bar_token_jessica", "get", "/items/bar?token=jessica", h),
    ("test_items_plumbus_with_no_token", "get", "/items/plumbus", h),
    ("test_items_with_invalid_token", "get", "/items?token=jessica", {"X-Token": "invalid"}),
    ("test_items_bar_with_invalid_token", "get", "/items/bar?token=jessica", {"X-Token": "invalid"}),
    ("test_items_with_missing_x_token_header", "get", "/items?token=jessica", None),
    ("test_items_plumbus_with_missing_x_token_header", "get", "/items/plumbus?token=jessica", None),
    ("test_root_token_jessica", "get", "/?token=jessica", None),
    ("test_root_with_no_token", "get", "/", None),
    ("test_put_no_header", "put", "/items/foo", None),
    ("test_put_invalid_header", "put", "/items/foo", {"X-Token": "invalid"}),
    ("test_put", "put", "/items/plumbus?token=jessica", h),
    ("test_put_forbidden", "put", "/items/bar?token=jessica", h),
    ("test_admin", "post", "/admin/?token=jessica", h),
    ("test_admin_invalid_header", "post", "/admin/", {"X-Token": "invalid"}),
    ("test_openapi_schema", "get", "/openapi.json", None),
]
for name, method, url, headers in REQUESTS:
    r.rec(name, getattr(c, method)(url, headers=headers))
r.write("bigger_applications")
