"""Files from a copy of the old site's wp-content/uploads folder (--media-dir).

Images pass the same checks as an editor's upload (news.images.check_upload) before they are
stored; no network is used. Files land under `wordpress/<YYYY/MM/file>` in the site's storage,
so a second import finds them there instead of storing them again.
"""

from pathlib import Path
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage

from .. import images

FOLDER = "wordpress"
DOCUMENT_EXTENSIONS = ["pdf"]


class MediaProblem(Exception):
    """A file that is not imported; the message is the report's reason."""


class MediaFiles:
    def __init__(self, media_dir, *, dry_run=False, storage=default_storage):
        self.root = Path(media_dir).resolve() if media_dir else None
        self.dry_run = dry_run
        self.storage = storage
        self.urls = {}  # relative path → new URL, or the problem met
        self.stored = []  # names written by this run, removed again if it fails

    def find(self, relative):
        """The file at `relative` (e.g. "2013/01/foto.jpg") inside --media-dir."""
        if self.root is None:
            raise MediaProblem("no --media-dir given")
        path = (self.root / unquote(relative).lstrip("/")).resolve()
        if not path.is_relative_to(self.root):
            raise MediaProblem("outside --media-dir")
        if not path.is_file():
            raise MediaProblem("file missing from --media-dir")
        return path

    def open_image(self, relative):
        """The image at `relative`, opened and checked like an upload; the caller closes it."""
        image = File(self.find(relative).open("rb"), name=Path(relative).name)
        try:
            images.check_upload(image)
        except ValidationError as error:
            image.close()
            raise MediaProblem(f"refused: {' '.join(error.messages)}") from error
        return image

    def url(self, relative):
        """The new address of an old upload, storing it the first time; MediaProblem if the
        file cannot be imported."""
        if relative not in self.urls:
            try:
                self.urls[relative] = self.store(relative)
            except MediaProblem as problem:
                self.urls[relative] = problem
        if isinstance(self.urls[relative], MediaProblem):
            raise self.urls[relative]
        return self.urls[relative]

    def store(self, relative):
        extension = Path(relative).suffix.lower().lstrip(".")
        name = self.storage.generate_filename(f"{FOLDER}/{unquote(relative).lstrip('/')}")
        if extension in images.ALLOWED_EXTENSIONS:
            opened = self.open_image(relative)
        elif extension in DOCUMENT_EXTENSIONS:
            opened = File(self.find(relative).open("rb"))
        else:
            raise MediaProblem(f"file type .{extension} is not imported")
        with opened:
            if not self.dry_run and not self.storage.exists(name):
                name = self.storage.save(name, opened)
                self.stored.append(name)
        return self.storage.url(name)

    def remove_stored(self, extra_names=()):
        """Delete what this run stored (after a failed or dry run), renditions included."""
        for name in [*self.stored, *extra_names]:
            images.delete_image_files(self.storage, name)
