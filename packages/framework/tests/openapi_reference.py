import json
from typing import Annotated
from fastapi import FastAPI, APIRouter, Depends, Header, Cookie, Query
from pydantic import BaseModel
app = FastAPI(title="Mono API", version="1.2.3", description="Items and users")
class Item(BaseModel):
    name: str
    price: float
    tags: list[str] = []
class ItemOut(BaseModel):
    name: str
    price: float
class Message(BaseModel):
    message: str
async def pagination(skip: int = 0, limit: int = 100): return {"skip": skip, "limit": limit}
@app.get("/items/{item_id}", tags=["items"], summary="Read one item", description="Reads an item by id", responses={404: {"model": Message, "description": "The item was not found"}})
async def read_item(item_id: int, q: str | None = None, user_agent: Annotated[str | None, Header()] = None, session: Annotated[str | None, Cookie()] = None): ...
@app.post("/items/", status_code=201, response_model=ItemOut, tags=["items"])
async def create_item(item: Item): ...
@app.get("/items/", tags=["items"], deprecated=True)
async def list_items(page: Annotated[dict, Depends(pagination)]): ...
router = APIRouter(prefix="/users", tags=["users"])
@router.get("/{user_id}")
async def read_user(user_id: str): ...
@router.delete("/{user_id}", status_code=204)
async def delete_user(user_id: str): ...
app.include_router(router)
@app.get("/health", include_in_schema=True)
async def health(): ...
@app.get("/hidden", include_in_schema=False)
async def hidden(): ...
print(json.dumps(app.openapi(), indent=1))
