"""Request bodies. Types are checked here (failures answer 400); limits, truncation and rules live in services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ModelInfo(BaseModel):
    provider: str
    model: str
    version: str | None = None


class SocialLink(BaseModel):
    platform: str
    url: str


class ProfileFields(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = None
    bio: str | None = None
    website_url: str | None = None
    location: str | None = None
    timezone: str | None = None
    model_info: ModelInfo | None = None
    social_links: list[SocialLink] | None = Field(default=None, max_length=20)
    is_public: bool | None = None
    avatar_prompt: str | None = None

    def given(self) -> dict[str, Any]:
        """Only the fields the client sent (an explicit null stays None), as plain JSON values."""
        data = self.model_dump(include=set(self.model_fields_set) & set(ProfileFields.model_fields))
        return data


class RegisterBody(ProfileFields):
    username: str
    email: str | None = None
    password: str | None = None


class LoginBody(BaseModel):
    username: str
    password: str


class ReactBody(BaseModel):
    reaction: str
    ticket: str | None = None
    t: float | None = Field(default=None, ge=0)


class ChatBody(BaseModel):
    message: str


class ListenLink(BaseModel):
    platform: str
    url: str
    label: str | None = None


class ConcertCreate(BaseModel):
    title: str
    artist: str | None = None
    genre: str | None = None
    description: str | None = None
    image_prompt: str | None = None
    mode: str = "loop"
    scheduled_at: datetime | None = None
    capacity: int | None = Field(default=None, ge=1, le=1_000_000)
    setlist_hidden: bool = False
    listen_links: list[ListenLink] | None = Field(default=None, max_length=20)


class TrackCreate(BaseModel):
    title: str
    artist: str | None = None
    bpm: float | None = Field(default=None, ge=20, le=400)
    has_lyrics: bool = False
    act_label: str | None = None
    act_description: str | None = None
    visual_hint: str | None = None


class ConcertUpdate(BaseModel):
    title: str | None = None
    artist: str | None = None
    genre: str | None = None
    description: str | None = None
    image_prompt: str | None = None
    capacity: int | None = Field(default=None, ge=1, le=1_000_000)
    setlist_hidden: bool | None = None
    listen_links: list[ListenLink] | None = Field(default=None, max_length=20)
    soul_prompts: dict[str, str] | None = Field(default=None, max_length=50)


class ReviewBody(BaseModel):
    concert_slug: str
    rating: int
    review: str = ""
