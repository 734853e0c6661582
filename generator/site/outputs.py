"""Writing into a folder that already holds an earlier site (the spare, see
generator/commands/atomic.py): MkDocs writes only what it thinks changed, so it must not
be fooled by what is already there."""

from __future__ import annotations

import os
import shutil

from mkdocs.structure.files import File, Files


class ContentAsset(File):
    """A photo or attachment from content/assets/. MkDocs copies a file when the source is
    newer than the copy; a photo put back from a backup keeps its older time and would be
    missed. The copy here takes the source's time, and any difference in size or time
    means the file is copied again."""

    @classmethod
    def of(cls, file: File) -> ContentAsset:
        return cls(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls)

    def is_modified(self) -> bool:
        assert self.abs_src_path is not None
        try:
            source, copy = os.stat(self.abs_src_path), os.stat(self.abs_dest_path)
        except OSError:
            return True
        return (source.st_size, source.st_mtime_ns) != (copy.st_size, copy.st_mtime_ns)

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        assert self.abs_src_path is not None
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        make_way(self.abs_dest_path)
        shutil.copyfile(self.abs_src_path, self.abs_dest_path)
        shutil.copystat(self.abs_src_path, self.abs_dest_path)
        os.chmod(self.abs_dest_path, 0o644)  # readable by the web server, whatever the source


def make_way(path: str) -> None:
    """Remove a file that is also part of the live site (a page hard-linked from it), so
    that writing a new one cannot change that site."""
    try:
        if os.stat(path).st_nlink > 1:
            os.unlink(path)
    except FileNotFoundError:
        pass


def outputs(files: Files) -> set[str]:
    """Every file of the build, as paths inside the site folder."""
    return {file.dest_uri for file in files}
