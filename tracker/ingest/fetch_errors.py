"""Why a fetch failed, said for the person who gave the URL (Korean, then English),
and whether trying again later may help."""

from urllib3 import exceptions as u3exc
from urllib3.response import BaseHTTPResponse


class FetchError(Exception):
    """A fetch that did not give a usable response.

    ``retryable`` tells a scheduler whether trying again later may help
    (timeouts, connection errors, 5xx, 429) or a person has to change
    something first (bad URL, blocked address, 4xx, too large).
    """

    def __init__(self, reason: str, *, retryable: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


def transport_error(url: str, exc: Exception) -> FetchError:
    if isinstance(exc, u3exc.SSLError):
        return FetchError(
            "사이트 인증서를 확인하지 못했습니다 "
            f"(TLS failed for {url}: {exc}. The site's certificate does not "
            "verify for this host name.)",
            retryable=False,
        )
    if isinstance(exc, u3exc.NewConnectionError):
        return FetchError(
            f"서버에 연결하지 못했습니다 (Could not connect to {url}: {exc}.)",
            retryable=True,
        )
    if isinstance(exc, u3exc.TimeoutError | TimeoutError):
        return FetchError(
            "서버의 응답이 너무 늦어 시간이 초과되었습니다 "
            f"(Timed out fetching {url}; the server was too slow.)",
            retryable=True,
        )
    if isinstance(exc, u3exc.DecodeError):
        return FetchError(
            "응답의 압축된 본문이 깨져 있습니다 "
            f"(The response from {url} has a corrupt compressed body.)",
            retryable=False,
        )
    return FetchError(
        f"연결에 문제가 있었습니다 (Connection problem fetching {url}: {exc}.)",
        retryable=True,
    )


def status_error(url: str, response: BaseHTTPResponse) -> FetchError:
    status = response.status
    phrase = f"{status} {response.reason or ''}".strip()
    if status == 429 or status >= 500:
        after = response.headers.get("Retry-After", "").strip()
        hint = f" (it asks to wait {after})" if after else ""
        return FetchError(
            "서버가 지금은 답하지 않습니다: 나중에 다시 시도합니다 "
            f"({url} answered {phrase}; try again later{hint}.)",
            retryable=True,
        )
    if status in (401, 403):
        return FetchError(
            f"공개되지 않은 페이지입니다 ({url} answered {phrase}; the page is not public.)",
            retryable=False,
        )
    if status in (404, 410):
        return FetchError(
            "페이지가 없습니다: 주소가 아직 있는지 확인하세요 "
            f"({url} answered {phrase}; check that the address still exists.)",
            retryable=False,
        )
    return FetchError(
        f"서버가 오류로 답했습니다 ({url} answered {phrase}.)", retryable=False
    )
