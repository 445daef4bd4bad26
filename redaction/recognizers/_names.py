"""Word lists for finding names without a statistical model.

Hand-curated (not taken from Faker, which generates the evaluation corpus, so that the benchmark
is not graded against its own answer key). `GIVEN_NAMES` and `FAMILY_NAMES` are common names in
Indonesia, Singapore and English-speaking markets; `NOT_NAMES` are words that follow a cue such as
"saya" or "bapak" in contact-center talk and must never be taken for a name (fillers, pronouns, and the
verbs, English loanwords and adverbs that follow "saya": "saya login ...", "saya kemarin ..."). `looks_like_a_word`
tells an unlisted lowercase token that is probably a word (an Indonesian affixed form, a contraction).
"""

from __future__ import annotations

import re

__all__ = ["FAMILY_NAMES", "GIVEN_NAMES", "NOT_NAMES", "looks_like_a_word"]


def _words(block: str) -> frozenset[str]:
    return frozenset(w.lower() for w in block.split())


GIVEN_NAMES = _words(
    """
    adi aditya agus agung ahmad aji akbar alif amalia ananda andi andika anggi anggun angga anisa annisa
    anton ari arief arif aris arya asep astuti ayu bagas bagus bambang bayu bella benny bima budi cahya
    cahyo candra citra dani danu dedi dedy deni desi dewi dian dimas dina dinda dodi dony dwi eka eko
    elsa endah erik erna evi fajar farhan fauzi fadli febri fikri fitri gilang gita hadi hana hani hendra
    hendro heru ika ilham indah indra intan irfan irma iwan jaka joko joni kartika kevin kiki krisna kurnia
    lestari lia lina lukman lutfi maya mega melati melinda muhammad mochamad mohammad nadia nanda nia
    nina novi nur nurul oki pandu purnama putra putri puspita rahmat rahma raka ratna reza rian riski rizki
    rizky rina rini rio rudi ryan sari sekar setiawan siti slamet sri suci sugeng susanti susi syahrul
    taufik teguh tika tono tri tutik umar utami vina wahyu wati wawan wening widya wulan yanti yoga yudi
    yuli yulia yusuf zaki zainal bunga gading galih ganjar hasan husein ibrahim imam jamal kadek ketut
    komang made nyoman wayan putu gede agustina ardi bonifasius cornelius dodik edi efendi fransiska
    gregorius hartono irawan januarti kusuma larasati maria martina natalia oktaviani paulus rachmat
    samuel stefanus theresia yohanes yosef rudy herman hermawan handoko haryanto ikhsan nanang ujang
    dadang cecep euis neneng yayan encep ucup tuti yati iis wartini darmawan sutrisno sukarno subagyo
    mulyadi mulyani suryani suharti gunawan wijaya santoso hidayat kusumawati purnamasari permata
    mohd muhd md mohamad mohamed muhamad abdul nur siti wan nik
    wei ming jun hui ling mei xin yi jia hao jie kai li ying yan zhi siew kok boon chee chin hock seng
    kumar raj ravi priya siti nurul aisyah farah hafiz syafiq amir zul aziz rahim ismail
    james john robert michael william david richard joseph thomas charles christopher daniel matthew
    anthony mark donald steven paul andrew joshua kenneth brian george timothy ronald jason edward
    jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel
    gregory alexander patrick frank raymond jack dennis jerry tyler aaron jose adam nathan henry peter
    zachary douglas harold kyle noah gerald ethan walter arthur mary patricia jennifer linda elizabeth
    barbara susan jessica sarah karen lisa nancy betty sandra margaret ashley kimberly emily donna
    michelle carol amanda melissa deborah stephanie dorothy rebecca sharon laura cynthia amy kathleen
    angela shirley brenda emma anna pamela nicole samantha katherine christine helen debra rachel
    carolyn janet maria catherine heather diane olivia julie joyce victoria ruth virginia lauren kelly
    christina joan evelyn judith andrea hannah megan cheryl jacqueline martha madison teresa gloria
    sara janice ann kathryn abigail sophia frances jean alice judy isabella julia grace amber denise
    danielle marilyn beverly charlotte natalie theresa diana brittany doris kayla alexis lori marie
    """
)

FAMILY_NAMES = _words(
    """
    santoso wijaya gunawan hidayat kusumawati purnamasari setiawan saputra saputri pratama pratiwi
    nugroho nugraha wibowo susanto suryadi hartono halim tanoto salim lim tan lee ng ong goh chua teo
    koh chan wong lau yeo chong leong low sim ho foo chew quek tay seah toh yap tham neo kwok phua
    siregar nasution harahap lubis simanjuntak sitompul pane hutapea panjaitan sinaga situmorang
    manurung napitupulu ginting sembiring tarigan purba damanik saragih rangkuti matondang
    rahman hakim hasibuan permana kurniawan firmansyah ramadhan maulana syahputra hermawan sulistyo
    utomo prasetyo prabowo handayani rahayu wulandari lestari anggraini safitri puspitasari
    haryanto suharto sudirman kartika maharani nurhaliza pangestu irawan darmawan mulyadi
    smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez
    wilson anderson thomas taylor moore jackson martin thompson white harris sanchez clark ramirez
    lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson
    baker hall rivera campbell mitchell carter roberts
    """
)

NOT_NAMES = _words(
    """
    ya iya iyaa yaa yah ok oke okay baik siap kak kakak mbak mba mas pak bu bapak ibu bang abang adik dik
    saya aku gue gw kami kita anda kamu dia mereka beliau
    mau ingin pengen tanya bertanya nanya minta mohon tolong bantu dibantu membantu bisa boleh dapat
    sudah udah belum sedang lagi masih akan juga saja aja pun sih dong deh kok kan nih tuh
    dari yang ada dengan untuk di ke dan atau ini itu tidak nggak gak ga enggak tak bukan jangan
    terima kasih makasih selamat pagi siang sore malam halo hai hallo assalamualaikum salam
    nomor no nama email alamat kartu kredit debit rekening tagihan pesanan order refund nik npwp
    kode otp pin password akun transaksi transfer pembayaran bayar harga biaya paket produk barang
    sebutkan konfirmasi verifikasi cek mengecek periksa tunggu sebentar silakan silahkan
    apakah apa bagaimana gimana kenapa mengapa kapan berapa siapa mana dimana kemana
    sama sangat sekali banget lebih kurang cuma hanya semua setiap tiap para
    benar betul salah sesuai terdaftar lahir tanggal bulan tahun hari jam pukul
    customer pelanggan agen agent cs admin operator layanan pusat call center
    the a an is am are was were be been here there speaking calling from and or to of in on at by for
    with my your his her our their this that these those it its me you he she we they
    please thank thanks yes yeah yep no nope hi hello hey dear good morning afternoon evening
    sir madam maam mister miss
    can could would will shall may might should must do does did have has had not just also
    very so too really okay sure right well actually
    what how why when where who which
    number phone card credit account address date birth name
    kirim bayar coba pakai pake beli lihat liat baru cari dapet dapat cuma mohon lupa kena telat
    follow up komplain complain lapor cancel batal ubah ganti update tahu tau kira rasa juga
    lagi nunggu menunggu hubungi telepon telpon chat whatsapp wa sms dm call email
    based tinggal domisili kerja bekerja rumah kantor toko paket kurir driver pesan
    how help assist glad happy sorry afraid calling writing following regarding about
    team support service customer sales billing
    you're i've i'm we're they're it's that's noted ditunggu tadi tiket lengkapnya tim pt cv tbk persero
    shop store mall kawal posb dbs ocbc uob bca bri bni mandiri cimb danamon btn bsi citibank
    mr mrs ms dr prof sdr sdri nona tuan nyonya
    login logout log signin signup sign register registrasi daftar checkout topup top upload download
    install instal uninstall reinstall reset restart klik click scan akses masuk keluar buka booking book
    klaim claim redeem belanja isi ambil pindah nelpon kemarin kemaren barusan sempat sempet pernah
    selalu sering jadi langsung sendiri pribadi memang emang perlu butuh harus punya
    suami istri isteri anak adik mertua ayah keluarga orangtua husband wife son daughter mother father brother
    sister mom mum dad partner nasabah pelanggan penerima recipient beneficiary ahli waris pemilik holder
    maksud ulangi ulang diulang mengulang
    """
)

_AFFIXED = re.compile(r"^(?:di|ter|ber|mem|men|meng|meny|pe[nmr]).{4,}$|.{3,}(?:nya|kan|lah|kah)$")


def looks_like_a_word(word: str) -> bool:
    """An unlisted lowercase token that is probably not a name: contractions, Indonesian affixed forms."""
    return "'" in word or "’" in word or bool(_AFFIXED.match(word))
