"""manage.py storage_check: prove on the configured store that private files are not public.

On an S3-compatible store a bucket policy or a default ACL set by someone else can make every
object readable; this writes a probe object to each storage and reads it back the way an
outsider would: the private probe must be refused without a signature and readable with one,
the media probe readable by its plain URL. Run it after deploying and after any change to the
store. On the local disk it checks that the private root is outside the served roots.
"""

import secrets
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from ledgers.private_files import is_local

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url):
    """(HTTP status, body) of an anonymous GET."""
    try:
        with OPENER.open(url, timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


class Command(BaseCommand):
    help = "检查文件存储:私有文件不能被匿名读取,公开媒体文件可以读取。"

    def handle(self, *args, **options):
        private, media = storages["private"], storages["default"]
        if is_local(private):
            return self.check_local(private)
        token = secrets.token_hex(16).encode()
        name = private.save(f"_storage_check/{secrets.token_hex(8)}.txt", ContentFile(token))
        try:
            signed = private.url(name)
            plain = urlsplit(signed)._replace(query="").geturl()
            status, _body = fetch(plain)
            if 200 <= status < 300:
                raise CommandError(
                    f"私有文件可被匿名读取:{plain} 返回 HTTP {status}。请检查存储桶策略和对象"
                    "ACL,私有文件所在的存储桶或 private/ 前缀不得公开。"
                )
            self.stdout.write(f"私有文件:匿名访问被拒绝(HTTP {status})。")
            status, body = fetch(signed)
            if status != 200 or body != token:
                raise CommandError(
                    f"私有文件的签名链接无法读取(HTTP {status})。请检查访问密钥、区域和服务器时钟。"
                )
            self.stdout.write(
                f"私有文件:签名链接可读取,有效期 {settings.PORTAL_PRIVATE_URL_SECONDS} 秒。"
            )
        finally:
            private.delete(name)
        if not is_local(media):
            self.check_media(media)
        self.stdout.write(self.style.SUCCESS("文件存储检查通过。"))

    def check_media(self, media):
        name = media.save(f"_storage_check/{secrets.token_hex(8)}.txt", ContentFile(b"media"))
        try:
            url = media.url(name)
            status, body = fetch(url)
            if status != 200 or body != b"media":
                raise CommandError(
                    f"公开媒体文件无法匿名读取:{url} 返回 HTTP {status}。图片将无法显示;请允许"
                    "匿名读取 media/ 前缀(对象 ACL public-read 或存储桶策略)。"
                )
            self.stdout.write("媒体文件:公开链接可读取。")
        finally:
            media.delete(name)

    def check_local(self, private):
        root = Path(private.location).resolve()
        for label, served in (
            ("MEDIA_ROOT", settings.MEDIA_ROOT),
            ("STATIC_ROOT", settings.STATIC_ROOT),
        ):
            served = Path(served).resolve()
            if root == served or served in root.parents:
                raise CommandError(
                    f"私有文件目录 {root} 位于 {label}({served})之内,会被 Web 服务器公开。"
                    "请把 DJANGO_PRIVATE_ROOT 设到其他目录。"
                )
        self.stdout.write(
            f"私有文件在本机磁盘 {root},不在公开目录内;Web 服务器只能通过 internal 的 "
            f"{settings.PORTAL_PRIVATE_ACCEL_LOCATION} 发送它们。"
        )
        self.stdout.write(self.style.SUCCESS("文件存储检查通过。"))
