"""LOCATION: street-level addresses (Indonesia, Singapore, US) reported as one span.

An address is not one regular expression: it is a street keyword ("Jl.", "Gang", "Perum", "Blk",
"123 ... Road") followed by a variable run of components (house number, RT/RW, Kel./Kec./Kota with
a name, city, postal code) separated by spaces or commas. This recognizer therefore finds anchors
with one precompiled regex and then walks forward component by component, so that the span covers
the whole address and stops where the address stops: at a newline, a sentence end, or the first
word that is not an address part ("ya", "kak", "please", "untuk").

What counts as evidence:
- a street keyword + a house number / RT-RW / KM / Blok / unit / postal code is an address (0.85,
  0.9 when a locality such as a city or postal code is part of it too);
- a street keyword alone is one only when an address cue ("alamat", "kirim ke", "ship to") stands
  just before it (0.6); without the cue it is a street mention ("macet di Jl. Sudirman"), not reported;
- a bare city ("saya di Bandung", "cabang Jakarta") is never reported on its own.

Call transcripts arrive as lowercase shadow text without punctuation ("alamat saya jalan melati
nomor 12 rt 4 rw 9 kelurahan cempaka putih jakarta pusat"); chat and e-mail arrive as typed. In typed
text, street and place names are capitalised, which is what tells a name from the next sentence; in
lowercase text, stop words and the known city/province list play that part.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from presidio_analyzer import AnalysisExplanation, RecognizerResult

from redaction.recognizers._context import SingleEntityRecognizer, cue_regex, has_cue, result

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

__all__ = ["AddressRecognizer"]

ENTITY: Final = "LOCATION"


def _words(block: str) -> frozenset[str]:
    """A set of lowercase phrases from a data block: one per line or comma-separated."""
    return frozenset(
        " ".join(part.split()).lower() for line in block.splitlines() for part in line.split(",") if part.strip()
    )


def _tokens(block: str) -> frozenset[str]:
    """A set of lowercase single words from a whitespace-separated data block."""
    return frozenset(block.lower().split())


# --- data: places that end an address ------------------------------------------------------------
# Big cities and provinces, so that a lowercase transcript's "... cempaka putih jakarta pusat" can be
# told apart from the words after the address. A name missing here only shortens a span at its end.
_ID_CITIES: Final = """
jakarta, surabaya, bandung, medan, bekasi, tangerang, tangerang selatan, tangsel, depok, semarang
palembang, makassar, bogor, batam, pekanbaru, bandar lampung, padang, malang, denpasar, samarinda
banjarmasin, tasikmalaya, pontianak, cimahi, balikpapan, jambi, serang, manado, mataram, yogyakarta
jogjakarta, jogja, yogya, surakarta, solo, cilegon, kupang, palu, ambon, bengkulu, kendari, sukabumi
cirebon, pekalongan, kediri, tegal, binjai, pematangsiantar, pematang siantar, banda aceh, jayapura
sorong, ternate, gorontalo, palangka raya, palangkaraya, tanjung pinang, tanjungpinang, pangkal pinang
pangkalpinang, mamuju, manokwari, tarakan, bontang, madiun, magelang, salatiga, probolinggo, pasuruan
mojokerto, blitar, lubuklinggau, prabumulih, dumai, bukittinggi, payakumbuh, sibolga, padangsidimpuan
lhokseumawe, langsa, bitung, tomohon, kotamobagu, bima, parepare, palopo, baubau, singkawang
banjarbaru, karawang, purwakarta, subang, sidoarjo, gresik, jember, banyuwangi, kudus, jepara
purwokerto, cilacap, klaten, sleman, bantul, gianyar, badung, tabanan, cikarang, cibinong, ciputat
pamulang, serpong, cileungsi, cibubur, cianjur, garut, sumedang, indramayu, majalengka, kuningan
lamongan, tuban, pati, rembang, boyolali, sragen, wonogiri, ponorogo, ngawi, nganjuk, lumajang
situbondo, bondowoso, pamekasan, sumenep, bangkalan, kebumen, purbalingga, banjarnegara, wonosobo
temanggung, kendal, demak, batang, brebes, pemalang, lebak, pandeglang, metro, pringsewu, kotabumi
tebing tinggi, tanjungbalai, pariaman, sawahlunto, solok, lubuk basung, muara enim, lahat, baturaja
sampit, ketapang, sanggau, sintang, nunukan, tanjung selor, sangatta, tenggarong, luwuk, bau-bau
"""
_ID_PROVINCES: Final = """
aceh, sumatera utara, sumatra utara, sumatera barat, sumatra barat, riau, kepulauan riau, sumatera selatan
sumatra selatan, bangka belitung, kepulauan bangka belitung, lampung, dki jakarta, jawa barat, banten
jawa tengah, di yogyakarta, daerah istimewa yogyakarta, jawa timur, bali, nusa tenggara barat
nusa tenggara timur, kalimantan barat, kalimantan tengah, kalimantan selatan, kalimantan timur
kalimantan utara, sulawesi utara, sulawesi tengah, sulawesi barat, sulawesi selatan, sulawesi tenggara
maluku, maluku utara, papua, papua barat, papua barat daya, papua selatan, papua tengah, papua pegunungan
jabar, jateng, jatim, diy, ntb, ntt, sumut, sumbar, sumsel, kalbar, kalteng, kalsel, kaltim, kaltara
sulut, sulteng, sulsel, sultra, sulbar, babel, kepri, jabodetabek, indonesia
"""
_SG_PLACES: Final = """
singapore, singapura, ang mo kio, bedok, bishan, bukit batok, bukit merah, bukit panjang, bukit timah
choa chu kang, clementi, geylang, hougang, jurong east, jurong west, jurong, kallang, marine parade
pasir ris, punggol, queenstown, sembawang, sengkang, serangoon, tampines, toa payoh, woodlands, yishun
tanglin, novena, outram, river valley, rochor, changi, paya lebar, bukit gombak, boon lay, tiong bahru
"""
_US_PLACES: Final = """
new york, brooklyn, queens, bronx, manhattan, los angeles, chicago, houston, phoenix, philadelphia
san antonio, san diego, dallas, san jose, austin, jacksonville, fort worth, columbus, charlotte
san francisco, indianapolis, seattle, denver, boston, el paso, nashville, detroit, oklahoma city
portland, las vegas, memphis, louisville, baltimore, milwaukee, albuquerque, tucson, fresno
sacramento, kansas city, atlanta, omaha, colorado springs, raleigh, miami, long beach, virginia beach
oakland, minneapolis, tulsa, tampa, new orleans, honolulu, mountain view, palo alto, cupertino
redmond, menlo park, sunnyvale, santa clara, irvine, pittsburgh, cincinnati, cleveland, st louis
usa, united states, united states of america
"""
_PLACES: Final = _words(_ID_CITIES) | _words(_ID_PROVINCES) | _words(_SG_PLACES) | _words(_US_PLACES)
#: Known places that are also everyday words ("malang" = unlucky, "padang" = field, "solo" = alone):
#: in typed text they count as a place only when capitalised.
_AMBIGUOUS_PLACES: Final = frozenset(
    {"malang", "padang", "solo", "metro", "batang", "bima", "pati", "demak", "lahat", "solok", "kendal",
     "tuban", "kuningan", "batu", "garut", "bali", "jambi", "queens", "mesa", "sampit", "luwuk", "langsa"}
)
_SG_MARKERS: Final = frozenset({"singapore", "singapura"})
_US_STATES: Final = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()

# --- words that end an address -------------------------------------------------------------------
#: Function words, chat particles and forms of address: never part of a street or place name, so
#: they end a name run ("jalan melati *ya* kak", "Jl. Melati *untuk* besok"). A trailing-dot initial
#: ("Jl. A. Yani") is exempt.
_STOPWORDS: Final = _tokens(
    """
    ya yaa yah iya iyaa kak ka kakak kk gan sis bro min mimin om tante bang abang mbak mba mas pak bu ibu
    bapak dan untuk utk buat atau yang yg di ke dari dengan dgn sama saya aku sy gue gw kami kita kamu
    anda dia mereka sudah udah sdh belum blm tolong mohon please pls plz and or for to the a an of on in at
    by with from is are was were be been it its this that these those thanks thank terima kasih makasih
    thx ok oke okay sip baik nanti besok kemarin sekarang tadi hari ini itu nya dong deh sih nih kok lah
    juga aja saja tapi tetapi karena krn jadi kalau kalo jika bila agar supaya biar tsb tersebut sebelah
    samping depan belakang dekat deket seberang near next opposite behind beside hi halo hello selamat
    pagi siang sore malam my your our his her their i we you he she they me us them so but if then not no
    yes can could will would should may might must have has had do does did get got send sent kirim
    dikirim paket barang order pesanan rumah kantor toko harus bisa mau akan sedang lagi masih tidak
    nggak gak ga enggak tak bukan pun bagaimana gimana kapan dimana mana apa siapa kenapa mengapa
    sejak since mulai selama hanya cuma baru sampai hingga sudah setelah sebelum waktu jam pukul also
    just only still when where what who why how until after before about there here been being
    """
)
#: First words after "jalan"/"gang" that make it the verb or the common noun, not a street name:
#: "jalan keluar" (way out), "jalan kaki" (walk), "lagi di jalan menuju kantor" (on the way).
_NOT_STREET: Final = _tokens(
    """
    keluar masuk kaki pulang pergi terus lagi dulu bareng sama santai jalan jalannya lancar macet rusak
    ditutup tutup menuju kesana kesini kemana pintas tikus buntu licin sepi ramai rame lain alternatif
    sendiri bersama cepat pelan lambat lurus belok mulu hidup cerita damai tengah satu dua tiga sehat
    bareng-bareng bersama-sama nya pun sudah udah belum mulus becek berlubang tol
    """
)
#: Street-name words that legitimately end with a period although longer than four letters.
_ABBREVIATIONS: Final = frozenset({"jend", "letjen", "mayjen", "brigjen", "kapt", "kolonel", "prof", "pangeran"})
#: What a number after a street name must not be followed by to be a house number ("jalan kaki 5 menit").
_QTY_AFTER: Final = (
    r"(?![ \t]*(?:x|kali|hari|jam|menit|detik|km|m|meter|pcs|buah|unit|orang|org|tahun|thn|bulan|bln|minggu|"
    r"kg|gram|gr|rb|ribu|jt|juta|rupiah|rp|times|days?|hours?|minutes?|mins?|years?|months?|weeks?|people|"
    r"items?|pieces?|%)(?![A-Za-z]))"
)

# --- regexes --------------------------------------------------------------------------------------
#: Singapore/US street types: what ends "Ang Mo Kio *Ave* 3" and "1600 Amphitheatre *Parkway*".
_STREET_TYPE_WORDS: Final = frozenset(
    "street st avenue ave av road rd boulevard blvd lane ln drive dr parkway pkwy way court ct crescent cres "
    "place pl highway hwy terrace close walk link circle cir square sq".split()
)
_STREET_TYPES: Final = "(?:" + "|".join(sorted(_STREET_TYPE_WORDS, key=len, reverse=True)) + ")"
_KEYWORD_END = r"(?:\.[ \t]*|[ \t]+)"
#: Anchors: where an address may start. Each branch is a named group so analyze() knows the kind.
#: The keyword must follow whitespace, ASCII punctuation other than "-" (so not "jalan-jalan"), or
#: the start of the text; that is also what the token pre-check in analyze() assumes.
_ANCHOR_RE: Final = re.compile(
    r"(?<![^\s!-,./:-@\[-`{-~])(?:"
    rf"(?P<street>(?:jalan|jln|jl|gang|gg)){_KEYWORD_END}"
    r"|(?P<building>(?:kompleks|komplek|komp|perumahan|perum|apartemen|apartement|apartment|ruko|rukan|"
    rf"kampung|kp|dusun|dsn|desa|gedung|wisma|menara)){_KEYWORD_END}"
    r"|(?P<blok>(?:blok|blk|block))(?![A-Za-z])\.?[ \t]*(?=[A-Za-z]{0,2}[ \t]?-?[ \t]?[0-9]|[A-Za-z](?![A-Za-z]))"
    r"|(?P<rt>rt)(?:\.?[ \t]*:?[ \t]*[0-9]|[ \t]*/[ \t]*rw)"
    r"|(?<![#/.,:])(?P<numfirst>[0-9]{1,5}[A-Za-z]?[ \t]+(?P<nf_name>(?:[A-Za-z][A-Za-z'’.]*[ \t]+){1,4}?)"
    rf"{_STREET_TYPES}\.?(?![A-Za-z])(?:[ \t]+[0-9]{{1,3}}(?![0-9]))?)"
    r")",
    re.IGNORECASE,
)
_B = r"(?![A-Za-z0-9])"  # right boundary of a component
_N = r"[ \t]*:?[ \t]*"  # between a keyword and its number: "No. 12", "No:12", "RT.04"
#: Components that may follow an anchor, tried in this order at each position.
_COMPONENT_RE: Final = re.compile(
    rf"(?P<state_zip>(?-i:(?:{'|'.join(_US_STATES)}))[ \t]+[0-9]{{5}}(?:-[0-9]{{4}})?{_B})"
    rf"|(?P<rtrw>rt[ \t]*/[ \t]*rw\.?{_N}[0-9]{{1,3}}[ \t]*/[ \t]*[0-9]{{1,3}}{_B}"
    rf"|rt\.?{_N}[0-9]{{1,3}}(?:[ \t]*[/,-]?[ \t]*rw\.?{_N}[0-9]{{1,3}}|[ \t]*/[ \t]*[0-9]{{1,3}}){_B})"
    rf"|(?P<rt>(?:rt|rw)\.?{_N}[0-9]{{1,3}}{_B})"
    rf"|(?P<number>(?:nomor|nomer|number|nmr|num|no)\.?{_N}[0-9]{{1,5}}[A-Za-z]?(?:[ \t]*[-/][ \t]*[0-9]{{1,5}}[A-Za-z]?)?{_B})"
    rf"|(?P<unit>\#[ \t]*[0-9]{{1,3}}[ \t]*-[ \t]*[0-9]{{1,5}}[A-Za-z]?{_B}"
    rf"|(?:unit|apt|suite|ste)\.?[ \t]*\#?[ \t]*[A-Za-z]?[0-9]{{1,4}}[A-Za-z]?(?:-[0-9]{{1,5}}[A-Za-z]?)?{_B}"
    rf"|(?:lantai|lt|floor|fl|level|lvl)\.?{_N}[0-9]{{1,3}}{_B}"
    rf"|(?:tower|twr|menara|wing)\.?[ \t]+(?:[0-9]{{1,2}}[A-Za-z]?|[A-Za-z]){_B})"
    rf"|(?P<km>km\.?[ \t]*[0-9]{{1,3}}(?:[.,][0-9]{{1,3}})?{_B})"
    rf"|(?P<kav>kav(?:ling)?\.?{_N}[0-9]{{1,3}}[A-Za-z]?(?:[ \t]*[-/][ \t]*[0-9]{{1,3}})?{_B})"
    rf"|(?P<blok>(?:blok|blk|block)\.?[ \t]*(?:[A-Za-z]{{1,2}}[ \t]?-?[ \t]?[0-9]{{1,3}}[A-Za-z]?|[0-9]{{1,4}}[A-Za-z]?|[A-Za-z]){_B})"
    r"|(?P<admin>(?:kelurahan|kel|desa|ds|dusun|dsn|kecamatan|kec|kabupaten|kab|kotamadya|kodya|kota|"
    r"provinsi|propinsi|prov|kampung|kp)(?![A-Za-z])(?:\.[ \t]*|[ \t]+))"
    r"|(?P<building>(?:kompleks|komplek|komp|perumahan|perum|apartemen|apartement|apartment|ruko|rukan|"
    r"gedung|wisma|menara|tower)(?![A-Za-z])(?:\.[ \t]*|[ \t]+))"
    rf"|(?P<street>(?:jalan|jln|jl|gang|gg)(?![A-Za-z]){_KEYWORD_END})"
    rf"|(?P<street_type>{_STREET_TYPES}(?![A-Za-z])\.?(?:[ \t]+[0-9]{{1,3}}[A-Za-z]?{_B})?)"
    rf"|(?P<sgpostal>s[ \t]?\(?[0-9]{{6}}\)?{_B})"
    rf"|(?P<postal>[0-9]{{5}}(?:-[0-9]{{4}})?{_B})"
    rf"|(?P<postal6>[0-9]{{6}}{_B})",
    re.IGNORECASE,
)
#: Between components: spaces, a comma or semicolon, a spaced dash, or a period (which only joins
#: when an address part follows it, since the loop stops at anything else).
_SEP_RE: Final = re.compile(r"[ \t]*(?:(?P<comma>[,;])|(?P<period>\.)|(?P<dash>[-–/])(?=[ \t]))?[ \t]*")
_NAME_WORD_RE: Final = re.compile(r"[A-Za-z][A-Za-z'’]*(?:\.[A-Za-z]{1,3})*")
_PLACE_WORDS_RE: Final = re.compile(
    r"([A-Za-z][A-Za-z-]*)(?:[ \t]+([A-Za-z][A-Za-z-]*))?(?:[ \t]+([A-Za-z][A-Za-z-]*))?(?:[ \t]+([A-Za-z][A-Za-z-]*))?"
)
_DIRECTION_RE: Final = re.compile(r"[ \t]+(?:pusat|utara|selatan|barat|timur|tengah|raya|kota|city)(?![A-Za-z])", re.IGNORECASE)
_SPACES_RE: Final = re.compile(r"[ \t]+")
_NUMERIC_BLOCK_RE: Final = re.compile(r"(?:blok|blk|block)\.?[ \t]*[0-9]{1,4}[A-Za-z]?", re.IGNORECASE)
_BARE_NUMBER_RE: Final = re.compile(rf"[0-9]{{1,4}}[A-Za-z]?(?:[-/][0-9]{{1,4}}[A-Za-z]?)?{_B}{_QTY_AFTER}", re.IGNORECASE)

#: Pre-check: the anchor keywords as whole tokens (number-first addresses need a _STREET_TYPE_WORDS token).
_ANCHOR_WORDS: Final = frozenset(
    "jalan jln jl gang gg kompleks komplek komp perumahan perum apartemen apartement apartment ruko rukan "
    "kampung kp dusun dsn desa gedung wisma menara blok blk block rt".split()
)
#: ASCII punctuation and digits become spaces, so that str.split() yields the words: this costs about
#: a tenth of a regex scan and is what makes a text without any anchor cheap.
_TOKEN_TABLE: Final = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~0123456789"})
_DIGIT_RE: Final = re.compile(r"[0-9]")
#: Number-first candidates ("123 Orchard Road"): starts with a digit, so re can skip ahead quickly.
_NUMFIRST_HINT_RE: Final = re.compile(
    rf"[0-9]{{1,5}}[A-Za-z]?[ \t]+(?:[A-Za-z][A-Za-z'’.]*[ \t]+){{1,4}}?{_STREET_TYPES}(?![A-Za-z])", re.IGNORECASE
)

_ADDRESS_CUES: Final = (
    "alamat", "alamatnya", "alamat saya", "alamat rumah", "alamat pengiriman", "alamat lengkap", "address",
    "addr", "dikirim ke", "kirim ke", "kirimkan ke", "antar ke", "diantar ke", "anter ke", "domisili",
    "tinggal di", "ship to", "deliver to", "send to", "shipping address", "billing address",
    "mailing address", "live at", "lives at", "living at", "located at", "reside at", "rumah saya di",
    "rumahnya di",
)
_ADDRESS_CUE_RE: Final = cue_regex(_ADDRESS_CUES)

#: Components that pin an address down to a door (with a street keyword: 0.85).
_STRONG: Final = frozenset(
    {"number", "bare", "rtrw", "rt", "unit", "km", "kav", "blok", "postal", "postal6", "sgpostal", "state_zip"}
)
#: Components that say where (city, admin area, postal code): they raise a strong address to 0.9.
_LOCALITY: Final = frozenset({"admin", "city", "sg", "postal", "postal6", "sgpostal", "state_zip"})

_SCORE_FULL: Final = 0.9  # keyword + number + locality
_SCORE_STRONG: Final = 0.85  # keyword + number (or postal code)
_SCORE_CUED: Final = 0.6  # keyword + name only, after an address cue
_SCORE_WEAK: Final = 0.45  # keyword + name + city, or "12 Baker Street" with nothing else: dropped by default
_NAME_BUDGET: Final = 5  # words in a street name ("Jl. Letjen S. Parman Raya", "Jl. H. R. Rasuna Said")
_NAME_BUDGET_LOWER: Final = 4  # lowercase text has no capitals to end a name: allow fewer words
_ADMIN_BUDGET: Final = 3  # words after Kel./Kec./Kota ("Kel. Cempaka Putih Barat")
_CUE_WINDOW: Final = 48
#: Longest address read from one anchor: real ones are under 200 characters; the cap keeps a
#: pathological text (thousands of "Jl. A, Jl. B, ...") linear.
_MAX_SPAN: Final = 300


class AddressRecognizer(SingleEntityRecognizer):
    """Street-level addresses as one span, from the street keyword to the last address part.

    Score: 0.9 street keyword + door-level part (number, RT/RW, KM, Blok, unit, postal code) + a
    locality (city, Kel./Kec., postal code); 0.85 keyword + door-level part; 0.6 keyword + street name
    only, when an address cue precedes it; 0.45 (dropped by default) for a street with only a city,
    or a number-first street ("12 Baker Street") with no cue and nothing after it, which is as likely
    a product or a landmark. A keyword without a name ("lagi di jalan"), the verb or common noun
    ("jalan-jalan", "jalan keluar"), "blokir", "No. 12" alone and a bare city are not reported.
    """

    ENTITY: Final = ENTITY

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        """One pass over the anchors; each is extended and scored, overlapping anchors are skipped."""
        if entities and ENTITY not in entities:
            return []
        results: list[RecognizerResult] = []
        # Anchors inside an address already read (reported or not) are skipped: they would only yield
        # a piece of the same address, and re-reading it from each one would be quadratic.
        taken = -1
        for anchor in self._anchors(text):
            if anchor.start() < taken:
                continue
            found = self._address_at(text, anchor)
            if found is None:
                continue
            end, score, how = found
            taken = end
            if score > 0:
                results.append(self._result(anchor.start(), end, score, how))
        return results

    @staticmethod
    def _anchors(text: str) -> list[re.Match[str]]:
        """Anchor matches in text order, found cheaply.

        A regex scan of a 2 KB chat with this many alternatives costs ~130 us in CPython's re, most of
        it spent on positions that cannot start an address. So: split the lowercased text into words
        (~10 us); when no anchor keyword and no street type is among them, there is no address. Else
        find the keywords' positions with str.find and try the anchor regex only there.
        """
        lowered = text.lower()
        tokens = frozenset(lowered.translate(_TOKEN_TABLE).split())
        keywords = tokens & _ANCHOR_WORDS
        numfirst = not tokens.isdisjoint(_STREET_TYPE_WORDS) and _DIGIT_RE.search(text) is not None
        if not keywords and not numfirst:
            return []
        if len(lowered) != len(text):  # a character whose lowercase is longer: offsets would shift
            return list(_ANCHOR_RE.finditer(text))
        starts: set[int] = set()
        for word in keywords:
            at = lowered.find(word)
            while at != -1:
                starts.add(at)
                at = lowered.find(word, at + 1)
        if numfirst:
            starts.update(m.start() for m in _NUMFIRST_HINT_RE.finditer(text))
        found = []
        for at in sorted(starts):
            m = _ANCHOR_RE.match(text, at)
            if m is not None:
                found.append(m)
        return found

    # --- one address ------------------------------------------------------------------------------
    def _address_at(self, text: str, anchor: re.Match[str]) -> tuple[int, float, str] | None:
        """Extend *anchor* over the address parts that follow: (end, score, explanation), where score
        0 means "read but not an address"; None when the anchor does not start one at all."""
        kind = anchor.lastgroup
        start = anchor.start()
        if kind in ("street", "building"):
            first = _NAME_WORD_RE.match(text, anchor.end())
            first_lower = first is not None and first.group(0)[0].islower()
            if kind == "street" and first is not None and first.group(0).lower() in _NOT_STREET:
                return None
            lower_mode = first_lower
            budget = _NAME_BUDGET_LOWER if lower_mode else _NAME_BUDGET
            if kind == "building":
                budget = _ADMIN_BUDGET + 1
            name_end = self._name_run(text, anchor.end(), budget, lower_mode, stop_at_place=False)
            kinds: list[str] = []
            if name_end > anchor.end():
                kinds.append("name")
                end = name_end
            else:
                # No name: the keyword must lead straight into a place or admin unit ("Jl. Kota Baru").
                end = anchor.end()
                while end > start and text[end - 1] in " \t":
                    end -= 1
            end, kinds = self._extend(text, end, kinds, lower_mode, text_start=start)
            if not kinds or kinds[0] not in ("name", "city", "sg", "admin"):
                return None
            return self._score_keyword(text, start, end, kinds, kind)
        if kind in ("blok", "rt"):
            comp = _COMPONENT_RE.match(text, start)
            if comp is None or comp.lastgroup not in ("blok", "rtrw", "rt"):
                return None
            lower_mode = text[start].islower()
            ckind = comp.lastgroup
            if ckind == "blok" and not any(ch.isdigit() for ch in comp.group(0)):
                ckind = "blok_letter"
            kinds = [ckind]
            end = comp.end()
            if ckind == "blok" and _NUMERIC_BLOCK_RE.fullmatch(comp.group(0)):
                # Singapore "Blk 123 Ang Mo Kio Ave 3": a numeric block is followed by the street name.
                sep = _SEP_RE.match(text, end)
                if sep.group("comma") is None and sep.group("period") is None:
                    first = _NAME_WORD_RE.match(text, sep.end())
                    sg_lower = first is not None and first.group(0)[0].islower()
                    name_end = self._name_run(text, sep.end(), _NAME_BUDGET_LOWER, sg_lower, stop_at_place=False)
                    if name_end > sep.end():
                        kinds.append("name")
                        end = name_end
                        lower_mode = sg_lower
            end, kinds = self._extend(text, end, kinds, lower_mode, text_start=start)
            return self._score_anchor_component(text, start, end, kinds)
        # numfirst: "123 Orchard Road", "1600 Amphitheatre Parkway"
        words = anchor.group("nf_name").split()
        lower_mode = all(w[0].islower() for w in words)
        for w in words:
            bare = w.rstrip(".").lower()
            if (bare in _STOPWORDS and not w.endswith(".")) or (not lower_mode and not w[0].isupper()):
                return None
        end, kinds = self._extend(text, anchor.end(), ["numfirst"], lower_mode, text_start=start)
        return self._score_numfirst(text, start, end, kinds)

    def _extend(
        self, text: str, end: int, kinds: list[str], lower_mode: bool, *, text_start: int
    ) -> tuple[int, list[str]]:
        """Walk over components after *end*; returns the end of the last accepted one and all kinds."""
        n = len(text)
        while end < n and end - text_start < _MAX_SPAN:
            sep = _SEP_RE.match(text, end)
            at = sep.end()
            if at >= n:
                break
            if at == end and text[at - 1].isalnum() and text[at].isalnum():
                break  # glued to the previous token: not a new part
            step = self._part_at(text, at, kinds, lower_mode)
            if step is None:
                break
            new_end, new_kinds = step
            if new_end <= end:
                break
            kinds.extend(new_kinds)
            end = new_end
        return end, kinds

    def _part_at(self, text: str, at: int, kinds: list[str], lower_mode: bool) -> tuple[int, list[str]] | None:
        """The address part starting at *at*: a component, a known place, a house number, or a name
        that a locality confirms ("Mountain View, CA 94043"). None when the address has ended."""
        comp = _COMPONENT_RE.match(text, at)
        if comp is not None:
            got = self._component(text, comp, kinds, lower_mode)
            if got is not None:
                return got
        place = self._place_at(text, at, lower_mode)
        if place is not None:
            return place
        if kinds and kinds[-1] == "name":  # only right after a street name
            num = _BARE_NUMBER_RE.match(text, at)
            if num is not None:
                # "Jl. Melati 12" is a house number; in lowercase text "nggak jalan sejak 12 ..." may
                # not be, and speakers say "nomor": there it is an address part but not evidence.
                return num.end(), ["bare_weak" if lower_mode else "bare"]
        return self._confirmed_place_run(text, at, lower_mode, depth=2)

    def _component(
        self, text: str, comp: re.Match[str], kinds: list[str], lower_mode: bool
    ) -> tuple[int, list[str]] | None:
        """Validate one component match; admin units and buildings also take their name."""
        kind = comp.lastgroup
        assert kind is not None
        if kind == "postal":
            raw = comp.group(0)
            if "-" not in raw and not 10110 <= int(raw) <= 99999:
                return None
        elif kind == "postal6":
            if not kinds or kinds[-1] != "sg":
                return None  # six digits are a Singapore postal code only right after "Singapore"
        elif kind == "blok" and not any(ch.isdigit() for ch in comp.group(0)):
            kind = "blok_letter"
        elif kind == "street":  # "Menara BCA Lt. 50, Jl. M.H. Thamrin No. 1": the street follows
            first = _NAME_WORD_RE.match(text, comp.end())
            if first is None or first.group(0).lower() in _NOT_STREET:
                return None
            name_lower = lower_mode or first.group(0)[0].islower()
            budget = _NAME_BUDGET_LOWER if name_lower else _NAME_BUDGET
            name_end = self._name_run(text, comp.end(), budget, name_lower, stop_at_place=False)
            return (name_end, ["name"]) if name_end > comp.end() else None
        elif kind in ("admin", "building"):
            # "kel.cempaka putih" typed in lowercase names its place in lowercase too
            name_lower = lower_mode or text[comp.start()].islower()
            name_end = self._name_run(text, comp.end(), _ADMIN_BUDGET, name_lower, stop_at_place=True)
            if name_end > comp.end():
                return name_end, [kind]
            place = self._place_at(text, comp.end(), name_lower)  # "Kota Bandung", "Kab. Bogor"
            if place is not None:
                return place[0], [kind, *place[1]]
            return None
        elif kind == "street_type" and kinds and kinds[-1] not in ("name", "numfirst"):
            return None
        return comp.end(), [kind]

    def _name_run(self, text: str, at: int, budget: int, lower_mode: bool, *, stop_at_place: bool) -> int:
        """End of up to *budget* name words from *at* (space-separated), or *at* when there is none.

        A name ends at a stop word, at a component keyword ("No", "RT", "Kel."), at a lowercase word in
        typed text, and (for admin names, after the first word) at a known place, so that
        "kelurahan cempaka putih jakarta pusat" leaves "jakarta pusat" to be read as the city.
        """
        end = at
        pos = at
        count = 0
        n = len(text)
        while count < budget and pos < n:
            word = _NAME_WORD_RE.match(text, pos)
            if word is None:
                break
            w = word.group(0)
            w_end = word.end()
            if w_end < n and text[w_end] == "." and (len(w) <= 4 or w.lower() in _ABBREVIATIONS or "." in w):
                w_end += 1  # "Jend.", "H.", "K.H.": abbreviations keep their period
            elif w_end < n and (text[w_end].isalnum() or text[w_end] in "-_@"):
                break  # "jalan-jalan", "melati123", e-mail addresses: not a name word
            if w.lower() in _STOPWORDS and not (len(w) == 1 and w_end > word.end()):
                break  # a stop word ends the name; a one-letter initial ("A. Yani") does not
            if not lower_mode and not w[0].isupper():
                break
            comp = _COMPONENT_RE.match(text, pos)
            if comp is not None and (count > 0 or comp.lastgroup not in ("street_type", "building")):
                # "No", "RT", "Kel.": the name is over. A first word may still look like a keyword:
                # "Jl. Dr. Saharjo" (a title), "Gedung Wisma 46" (a building called Wisma 46).
                break
            if stop_at_place and count > 0 and self._place_at(text, pos, lower_mode) is not None:
                break
            end = w_end
            count += 1
            gap = _SPACES_RE.match(text, end)
            if gap is None:
                break
            pos = gap.end()
        return end

    def _place_at(self, text: str, at: int, lower_mode: bool) -> tuple[int, list[str]] | None:
        """A known city/province/country at *at* (longest match, up to four words), plus a direction
        word ("Jakarta *Pusat*", "Bekasi *Utara*"). Typed text may write it lowercase ("jakarta"),
        except the few names that are also everyday words (_AMBIGUOUS_PLACES)."""
        m = _PLACE_WORDS_RE.match(text, at)
        if m is None:
            return None
        groups = [g for g in m.groups() if g is not None]
        for k in range(len(groups), 0, -1):
            key = " ".join(groups[:k]).lower()
            if key in _PLACES:
                if not lower_mode and key in _AMBIGUOUS_PLACES and not text[at].isupper():
                    continue
                end = m.end(k)
                if end < len(text) and (text[end].isalnum() or text[end] in "-_@"):
                    continue
                direction = _DIRECTION_RE.match(text, end)
                if direction is not None:
                    word_start = direction.end() - len(direction.group(0).lstrip())
                    if lower_mode or text[word_start].isupper() or text[at].islower():
                        end = direction.end()
                return end, ["sg" if key in _SG_MARKERS else "city"]
        return None

    def _confirmed_place_run(self, text: str, at: int, lower_mode: bool, *, depth: int) -> tuple[int, list[str]] | None:
        """Unknown place names ("Cempaka Putih", "Mountain View") count only when a locality
        (a known place, an admin unit, a postal code, "CA 94043") follows them."""
        if depth <= 0:
            return None
        name_end = self._name_run(text, at, _ADMIN_BUDGET, lower_mode, stop_at_place=True)
        if name_end == at:
            return None
        sep = _SEP_RE.match(text, name_end)
        nxt = sep.end()
        if nxt >= len(text) or (nxt == name_end and text[nxt].isalnum()):
            return None
        comp = _COMPONENT_RE.match(text, nxt)
        if comp is not None and comp.lastgroup in ("admin", "postal", "state_zip", "sgpostal"):
            got = self._component(text, comp, ["place"], lower_mode)
            if got is not None:
                return got[0], ["place", *got[1]]
        place = self._place_at(text, nxt, lower_mode)
        if place is not None:
            return place[0], ["place", *place[1]]
        deeper = self._confirmed_place_run(text, nxt, lower_mode, depth=depth - 1)
        if deeper is not None:
            return deeper[0], ["place", *deeper[1]]
        return None

    # --- scores -----------------------------------------------------------------------------------
    @staticmethod
    def _cued(text: str, start: int, end: int) -> bool:
        return has_cue(text, start, end, _ADDRESS_CUE_RE, before=_CUE_WINDOW)

    def _score_keyword(self, text: str, start: int, end: int, kinds: list[str], kind: str) -> tuple[int, float, str]:
        """Jl./Gang/Perum/...: a door-level part makes it an address; a name alone needs a cue."""
        strong = any(k in _STRONG for k in kinds)
        local = any(k in _LOCALITY for k in kinds)
        if strong:
            score = _SCORE_FULL if local else _SCORE_STRONG
            return end, score, f"{kind} keyword + {'/'.join(kinds)}"
        if self._cued(text, start, end):
            return end, _SCORE_CUED, f"{kind} keyword + name after an address cue"
        if local:
            return end, _SCORE_WEAK, f"{kind} keyword + name + locality, no door-level part, no cue"
        return end, 0.0, "street mention without number or cue"

    def _score_anchor_component(self, text: str, start: int, end: int, kinds: list[str]) -> tuple[int, float, str]:
        """Blok/Blk/RT anchors: they need something beside themselves ("Blok C3 No. 7", "RT 4 RW 9")."""
        first, rest = kinds[0], kinds[1:]
        strong_rest = any(k in _STRONG for k in rest)
        local = any(k in _LOCALITY for k in rest)
        sg_street = first == "blok" and "name" in rest and ("street_type" in rest or local)
        if first == "rtrw" or strong_rest or sg_street or (first == "rt" and local):
            score = _SCORE_FULL if local else _SCORE_STRONG
            return end, score, f"{first} + {'/'.join(rest) or 'RW'}"
        if self._cued(text, start, end):
            return end, _SCORE_CUED, f"{first} after an address cue"
        return end, 0.0, f"lone {first}"

    def _score_numfirst(self, text: str, start: int, end: int, kinds: list[str]) -> tuple[int, float, str]:
        """"123 Orchard Road": an address when more follows (unit, city, postal code) or a cue precedes."""
        rest = kinds[1:]
        local = any(k in _LOCALITY for k in rest)
        if local:
            return end, _SCORE_FULL, f"number + street type + {'/'.join(rest)}"
        if any(k in _STRONG for k in rest) or self._cued(text, start, end):
            return end, _SCORE_STRONG, "number + street type + unit or address cue"
        return end, _SCORE_WEAK, "number + street type only"

    def _result(self, start: int, end: int, score: float, how: str) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.name,
            original_score=score,
            pattern_name="street_address",
            textual_explanation=how,
        )
        return result(self, ENTITY, start, end, score, explanation)
