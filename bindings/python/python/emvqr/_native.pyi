"""Types of the native module (the Rust crate emvqr, through PyO3)."""

from typing import Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, TypedDict, Union, final


__version__: str
__all__ = [
    "BuiltKhqr",
    "EmvqrError",
    "Intent",
    "KhqrError",
    "Problem",
    "RenderError",
    "ScanError",
    "Verdict",
    "__version__",
    "build",
    "check",
    "cpm_build",
    "elqr_build",
    "elqr_build_link",
    "khqr_build",
    "parse",
    "paynow_mobile",
    "paynow_uen",
    "pix_build",
    "promptpay_bill_payment",
    "promptpay_ewallet",
    "promptpay_mobile",
    "promptpay_national_id",
    "render_png",
    "render_svg",
    "scan",
    "verify",
    "vietqr_account",
    "vietqr_card",
]

class ProblemDict(TypedDict, total=False):
    kind: str
    offset: int
    path: str
    message: str
    base64_offset: int
    khqr_code: int
    khqr_key: str

class PayeeDict(TypedDict):
    name: Optional[str]
    city: Optional[str]
    name_alt: Optional[str]
    city_alt: Optional[str]

class PayerDict(TypedDict):
    network: Optional[str]
    masked_pan: Optional[str]

class TipDict(TypedDict):
    kind: str
    value: Optional[str]

class ReferencesDict(TypedDict):
    bill_number: Optional[str]
    mobile_number: Optional[str]
    store_label: Optional[str]
    loyalty_number: Optional[str]
    reference_label: Optional[str]
    customer_label: Optional[str]
    terminal_label: Optional[str]
    purpose: Optional[str]
    txid: Optional[str]
    ref1: Optional[str]
    ref2: Optional[str]
    transaction_id: Optional[str]
    recurrence: Optional[str]

class RouteDict(TypedDict):
    network: Optional[str]
    id: str
    gui: Optional[str]
    account: "dict[str, str]"

class IntentDict(TypedDict):
    payee: PayeeDict
    country: Optional[str]
    currency: Optional[str]
    currency_numeric: Optional[str]
    amount: Optional[str]
    amount_minor: Optional[int]
    tip: Optional[TipDict]
    amount_editable: bool
    dynamic: bool
    expires_at_ms: Optional[int]
    references: ReferencesDict
    routes: List[RouteDict]
    payer: Optional[PayerDict]

class VerdictDict(TypedDict):
    input: str
    valid: bool
    family: str
    scheme: Optional[str]
    schemes: List[str]
    error: Optional[ProblemDict]
    warnings: List[ProblemDict]
    fields: "dict[str, str]"
    reencoded: Optional[str]
    intent: Optional[IntentDict]

class EmvqrError(ValueError):
    """A payment code or a builder's field was refused, with what and where."""

    message: str
    kind: str
    offset: int
    path: str
    khqr_code: Optional[int]
    khqr_key: Optional[str]
    base64_offset: Optional[int]

class KhqrError(EmvqrError):
    """A KHQR refused with the official SDK's code (khqr_code, 1-51) and key."""

    khqr_code: int
    khqr_key: str

class RenderError(ValueError):
    """Text too long for a QR code, or a render option out of range."""

class ScanError(ValueError):
    """An image that cannot be read (format, damage, size limits)."""

@final
class Problem:
    """An error or a warning of a verdict."""

    @property
    def kind(self) -> str: ...
    @property
    def offset(self) -> int: ...
    @property
    def path(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def khqr_code(self) -> Optional[int]: ...
    @property
    def khqr_key(self) -> Optional[str]: ...
    @property
    def base64_offset(self) -> Optional[int]: ...
    def to_dict(self) -> ProblemDict: ...

@final
class Intent:
    """Who is paid, how much, in which currency, until when, through which networks."""

    @property
    def payee(self) -> PayeeDict: ...
    @property
    def country(self) -> Optional[str]: ...
    @property
    def currency(self) -> Optional[str]: ...
    @property
    def currency_numeric(self) -> Optional[str]: ...
    @property
    def amount(self) -> Optional[str]: ...
    @property
    def amount_minor(self) -> Optional[int]: ...
    @property
    def tip(self) -> Optional[TipDict]: ...
    @property
    def amount_editable(self) -> bool: ...
    @property
    def dynamic(self) -> bool: ...
    @property
    def expires_at_ms(self) -> Optional[int]: ...
    @property
    def references(self) -> ReferencesDict: ...
    @property
    def routes(self) -> List[RouteDict]: ...
    @property
    def payer(self) -> Optional[PayerDict]: ...
    def display_amount(self, thousands: Optional[str] = None) -> Optional[str]: ...
    def expires_at_iso(self) -> Optional[str]: ...
    def to_dict(self) -> IntentDict: ...

@final
class Verdict:
    """The verdict on one text: see check()."""

    @property
    def input(self) -> str: ...
    @property
    def valid(self) -> bool: ...
    @property
    def family(self) -> str: ...
    @property
    def scheme(self) -> Optional[str]: ...
    @property
    def schemes(self) -> List[str]: ...
    @property
    def error(self) -> Optional[Problem]: ...
    @property
    def errors(self) -> List[Problem]: ...
    @property
    def warnings(self) -> List[Problem]: ...
    @property
    def fields(self) -> "dict[str, str]": ...
    @property
    def reencoded(self) -> Optional[str]: ...
    @property
    def intent(self) -> Optional[Intent]: ...
    def field_name(self, path: str) -> str: ...
    def to_dict(self) -> VerdictDict: ...
    def to_json(self) -> str: ...

@final
class BuiltKhqr:
    """A built KHQR: the payload and the lowercase hex MD5 of its UTF-8 bytes."""

    @property
    def payload(self) -> str: ...
    @property
    def md5(self) -> str: ...
    def __iter__(self) -> Iterator[str]: ...

Fields = Union[Mapping[str, str], Iterable[Tuple[str, str]]]
ElqrField = Tuple[str, str, str, str, bool]

def check(
    text: str,
    *,
    now_ms: Optional[int] = None,
    lenient: bool = False,
    scheme: Optional[str] = None,
    all_errors: bool = False,
    describe: bool = True,
) -> Verdict:
    """Judges any text. now_ms=None reads the system clock once, in this call."""

def verify(
    text: str,
    *,
    now_ms: Optional[int] = None,
    lenient: bool = False,
    scheme: Optional[str] = None,
) -> Optional[Problem]:
    """None when the text is payable, else the first error (check() building nothing else)."""

def parse(text: str, *, lenient: bool = False) -> Dict[str, str]:
    """The leaf fields of an EMV payload that parses (EMV rules and checksum, no scheme's
    rules, no clock); raises EmvqrError for one that does not."""

def build(fields: Fields) -> str: ...
def cpm_build(fields: Fields) -> str: ...
def khqr_build(
    account: str,
    name: str,
    city: str,
    *,
    merchant_id: Optional[str] = None,
    acquiring_bank: Optional[str] = None,
    account_information: Optional[str] = None,
    currency: str = "KHR",
    amount: Optional[str] = None,
    expires_at_ms: Optional[int] = None,
    now_ms: Optional[int] = None,
    mcc: Optional[str] = None,
    bill_number: Optional[str] = None,
    mobile_number: Optional[str] = None,
    store_label: Optional[str] = None,
    terminal_label: Optional[str] = None,
    purpose: Optional[str] = None,
    language_preference: Optional[str] = None,
    alternate_name: Optional[str] = None,
    alternate_city: Optional[str] = None,
    unionpay_account: Optional[str] = None,
) -> BuiltKhqr: ...
def elqr_build(
    provider_id: str,
    payee_name: str,
    *,
    dynamic: bool = False,
    service_code: Optional[str] = None,
    recipient_id: Optional[str] = None,
    transaction_id: Optional[str] = None,
    amount_editable: Optional[bool] = None,
    recipient_editable: Optional[bool] = None,
    merchant_id: Optional[str] = None,
    service_name: Optional[str] = None,
    comment: Optional[str] = None,
    fields: Optional[Sequence[ElqrField]] = None,
    mcc: Optional[str] = None,
    amount_tyiyn: Optional[int] = None,
    amount_som: Optional[str] = None,
) -> str: ...
def elqr_build_link(
    base_url: str,
    provider_id: str,
    payee_name: str,
    *,
    dynamic: bool = False,
    service_code: Optional[str] = None,
    recipient_id: Optional[str] = None,
    transaction_id: Optional[str] = None,
    amount_editable: Optional[bool] = None,
    recipient_editable: Optional[bool] = None,
    merchant_id: Optional[str] = None,
    service_name: Optional[str] = None,
    comment: Optional[str] = None,
    fields: Optional[Sequence[ElqrField]] = None,
    mcc: Optional[str] = None,
    amount_tyiyn: Optional[int] = None,
    amount_som: Optional[str] = None,
) -> str: ...
def pix_build(
    key: str,
    name: str,
    city: str,
    *,
    amount: Optional[str] = None,
    txid: Optional[str] = None,
    info: Optional[str] = None,
    mcc: Optional[str] = None,
    postal_code: Optional[str] = None,
    single_use: bool = False,
) -> str: ...
def promptpay_mobile(
    mobile: str,
    *,
    amount: Optional[str] = None,
    mcc: Optional[str] = None,
    merchant_name: Optional[str] = None,
    merchant_city: Optional[str] = None,
) -> str: ...
def promptpay_national_id(
    id: str,
    *,
    amount: Optional[str] = None,
    mcc: Optional[str] = None,
    merchant_name: Optional[str] = None,
    merchant_city: Optional[str] = None,
) -> str: ...
def promptpay_ewallet(
    id: str,
    *,
    amount: Optional[str] = None,
    mcc: Optional[str] = None,
    merchant_name: Optional[str] = None,
    merchant_city: Optional[str] = None,
) -> str: ...
def promptpay_bill_payment(
    biller_id: str,
    ref1: str,
    *,
    ref2: Optional[str] = None,
    amount: Optional[str] = None,
    mcc: Optional[str] = None,
    merchant_name: Optional[str] = None,
    merchant_city: Optional[str] = None,
) -> str: ...
def paynow_mobile(
    mobile: str,
    *,
    amount: Optional[str] = None,
    editable: Optional[bool] = None,
    expiry: Optional[str] = None,
    reference: Optional[str] = None,
    merchant_name: Optional[str] = None,
    merchant_city: Optional[str] = None,
    mcc: Optional[str] = None,
) -> str: ...
def paynow_uen(
    uen: str,
    *,
    amount: Optional[str] = None,
    editable: Optional[bool] = None,
    expiry: Optional[str] = None,
    reference: Optional[str] = None,
    merchant_name: Optional[str] = None,
    merchant_city: Optional[str] = None,
    mcc: Optional[str] = None,
) -> str: ...
def vietqr_account(
    bin: str,
    number: str,
    *,
    amount: Optional[str] = None,
    purpose: Optional[str] = None,
    merchant_name: Optional[str] = None,
    merchant_city: Optional[str] = None,
    mcc: Optional[str] = None,
) -> str: ...
def vietqr_card(
    bin: str,
    number: str,
    *,
    amount: Optional[str] = None,
    purpose: Optional[str] = None,
    merchant_name: Optional[str] = None,
    merchant_city: Optional[str] = None,
    mcc: Optional[str] = None,
) -> str: ...
def render_png(
    payload: str,
    *,
    now_ms: Optional[int] = None,
    lenient: bool = False,
    scheme: Optional[str] = None,
    scale: int = 8,
    quiet_zone: int = 4,
    ec: str = "M",
) -> bytes: ...
def render_svg(
    payload: str,
    *,
    now_ms: Optional[int] = None,
    lenient: bool = False,
    scheme: Optional[str] = None,
    scale: int = 8,
    quiet_zone: int = 4,
    ec: str = "M",
) -> str: ...
def scan(
    image: bytes,
    *,
    now_ms: Optional[int] = None,
    lenient: bool = False,
    scheme: Optional[str] = None,
) -> List[Verdict]: ...
