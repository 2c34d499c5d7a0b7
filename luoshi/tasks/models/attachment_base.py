"""The abstract attachment of the supervision flow, and where its files are stored."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import StoredFile
from luoshi.core.stored_files import random_storage_name


def attachment_path(instance: StoredAttachment, filename: str) -> str:
    """Where an attachment's file is stored: its owner's folder and a random name (the
    original name is kept in `name`, for display and the download's file name)."""
    return random_storage_name(instance.storage_folder, filename)


class StoredAttachment(StoredFile):
    """An attachment of the supervision flow. Written and deleted by
    `luoshi.tasks.services.attachments`, which keeps the row and the file together."""

    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=255)

    class Meta:
        abstract = True

    @property
    def storage_folder(self) -> str:
        raise NotImplementedError
