"""Request bodies. Types are checked here (failures answer 400); limits, truncation and rules live in services."""

from __future__ import annotations

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
