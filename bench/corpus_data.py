"""Word lists and templates for bench/corpus.py (plain data, no logic)."""

# (full name, name used after "Kak"/first-name greetings, name used after Mr/Ms), gender "m"/"f"
SG_NAMES = [
    ("Tan Wei Ming", "Wei Ming", "Tan", "m"), ("Lim Hui Min", "Hui Min", "Lim", "f"),
    ("Ng Jia Hui", "Jia Hui", "Ng", "f"), ("Lee Kok Wai", "Kok Wai", "Lee", "m"),
    ("Goh Siew Ling", "Siew Ling", "Goh", "f"), ("Chua Boon Keng", "Boon Keng", "Chua", "m"),
    ("Ong Mei Xuan", "Mei Xuan", "Ong", "f"), ("Teo Jun Jie", "Jun Jie", "Teo", "m"),
    ("Koh Li Ting", "Li Ting", "Koh", "f"), ("Wong Zhi Hao", "Zhi Hao", "Wong", "m"),
    ("Chan Pei Shan", "Pei Shan", "Chan", "f"), ("Yeo Kian Seng", "Kian Seng", "Yeo", "m"),
    ("Muhammad Hafiz bin Rahman", "Hafiz", "Rahman", "m"),
    ("Nur Aisyah binte Ismail", "Aisyah", "Ismail", "f"),
    ("Siti Nurhaliza binte Osman", "Nurhaliza", "Osman", "f"),
    ("Ahmad Faizal bin Yusof", "Faizal", "Yusof", "m"), ("Farah Hanim Salleh", "Farah", "Salleh", "f"),
    ("Irfan Hakim Jamil", "Irfan", "Jamil", "m"), ("Zulkifli Sani", "Zulkifli", "Sani", "m"),
    ("Priya Rajendran", "Priya", "Rajendran", "f"), ("Arun Kumar Pillai", "Arun", "Pillai", "m"),
    ("Kavitha Subramaniam", "Kavitha", "Subramaniam", "f"), ("Rajesh Nair", "Rajesh", "Nair", "m"),
    ("Deepa Menon", "Deepa", "Menon", "f"), ("Suresh Krishnan", "Suresh", "Krishnan", "m"),
    ("Lakshmi Narayanan", "Lakshmi", "Narayanan", "f"), ("Vikram Singh Gill", "Vikram", "Gill", "m"),
    ("Rachel Tan Xin Yi", "Rachel", "Tan", "f"), ("Marcus Lim Jun Wei", "Marcus", "Lim", "m"),
    ("Jasmine Koh Hui Wen", "Jasmine", "Koh", "f"), ("Daniel Chia Wen Jie", "Daniel", "Chia", "m"),
]

ID_MOBILE_PREFIXES = ["0811", "0812", "0813", "0821", "0822", "0823", "0852", "0853", "0857", "0858",
                      "0877", "0878", "0881", "0882", "0883", "0895", "0896", "0897", "0898", "0899"]

ID_BANKS = ["BCA", "BRI", "BNI", "Mandiri", "CIMB Niaga", "Permata", "BSI", "Danamon", "BTN"]
SG_BANKS = ["DBS", "POSB", "OCBC", "UOB", "Standard Chartered", "Maybank"]
US_BANKS = ["Chase", "Bank of America", "Wells Fargo", "Citibank"]

EMAIL_DOMAINS_ID = ["gmail.com", "yahoo.co.id", "yahoo.com", "outlook.com", "hotmail.com", "ymail.com",
                    "perusahaan.co.id", "kantorku.id", "mail.ugm.ac.id"]
EMAIL_DOMAINS_SG = ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com.sg", "singnet.com.sg",
                    "u.nus.edu", "company.com.sg"]
EMAIL_DOMAINS_US = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "aol.com", "acme-corp.com"]

ID_STREETS = ["Melati", "Mawar", "Anggrek", "Kenanga", "Sudirman", "Thamrin", "Gatot Subroto",
              "Diponegoro", "Pemuda", "Merdeka", "Cempaka", "Kebon Jeruk", "Margonda Raya", "Pahlawan",
              "Ahmad Yani", "Veteran", "Gajah Mada", "Hayam Wuruk", "Kartini", "Dago", "Asia Afrika",
              "Raya Bogor", "Kaliurang", "Malioboro", "Imam Bonjol", "Teuku Umar", "Juanda", "Flamboyan"]
ID_KOMPLEK = ["Griya Asri", "Taman Sari", "Bumi Indah", "Citra Garden", "Villa Mutiara", "Pondok Hijau",
              "Graha Permai", "Bukit Damai"]
# (kelurahan, kecamatan, city, postal prefix)
ID_AREAS = [
    ("Cempaka Putih Timur", "Cempaka Putih", "Jakarta Pusat", "105"),
    ("Kebon Kacang", "Tanah Abang", "Jakarta Pusat", "102"),
    ("Tebet Barat", "Tebet", "Jakarta Selatan", "128"),
    ("Pondok Pinang", "Kebayoran Lama", "Jakarta Selatan", "122"),
    ("Kelapa Gading Barat", "Kelapa Gading", "Jakarta Utara", "142"),
    ("Duri Kepa", "Kebon Jeruk", "Jakarta Barat", "115"),
    ("Cipinang Melayu", "Makasar", "Jakarta Timur", "136"),
    ("Lebak Siliwangi", "Coblong", "Bandung", "401"),
    ("Sukajadi", "Sukajadi", "Bandung", "401"),
    ("Gubeng", "Gubeng", "Surabaya", "602"),
    ("Darmo", "Wonokromo", "Surabaya", "602"),
    ("Caturtunggal", "Depok", "Sleman", "552"),
    ("Pedurungan Kidul", "Pedurungan", "Semarang", "501"),
    ("Margonda", "Pancoran Mas", "Depok", "164"),
    ("Harapan Jaya", "Bekasi Utara", "Bekasi", "171"),
    ("Tegallega", "Bogor Tengah", "Bogor", "161"),
    ("Petisah Tengah", "Medan Petisah", "Medan", "201"),
    ("Sanur", "Denpasar Selatan", "Denpasar", "802"),
    ("Panakkukang", "Panakkukang", "Makassar", "902"),
    ("Karang Tengah", "Karang Tengah", "Tangerang", "151"),
]
ID_CITIES_BARE = ["Bandung", "Surabaya", "Medan", "Jogja", "Semarang", "Makassar", "Bekasi", "Depok",
                  "Bali", "Malang", "Solo", "Palembang", "Batam", "Jakarta"]

SG_ESTATES = [("Ang Mo Kio", "Ave", "56"), ("Bedok North", "St", "46"), ("Tampines", "St", "52"),
              ("Jurong West", "St", "64"), ("Yishun", "Ring Road", "76"), ("Toa Payoh", "Lor", "31"),
              ("Bukit Batok", "St", "65"), ("Woodlands", "Drive", "73"), ("Sengkang East", "Way", "54"),
              ("Punggol", "Field", "82"), ("Clementi", "Ave", "12"), ("Hougang", "Ave", "53"),
              ("Pasir Ris", "Drive", "51"), ("Choa Chu Kang", "Ave", "68")]
SG_ROADS = ["Orchard Road", "Holland Road", "Bukit Timah Road", "Thomson Road", "East Coast Road",
            "River Valley Road", "Tanjong Pagar Road", "Upper Serangoon Road", "Marine Parade Road"]
SG_ABBR_SPOKEN = {"Ave": "avenue", "St": "street", "Lor": "lorong", "Blk": "block", "Rd": "road"}
SG_PLACES_BARE = ["Jurong", "Tampines", "Orchard", "Changi", "Sentosa", "Bishan", "Woodlands"]

US_STATES = {"IL": "Illinois", "CA": "California", "TX": "Texas", "NY": "New York", "WA": "Washington",
             "OH": "Ohio", "GA": "Georgia", "FL": "Florida", "MA": "Massachusetts", "OR": "Oregon"}

ID_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
             "Oktober", "November", "Desember"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
ID_MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
EN_MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

HON_ID_M = ["Bapak", "Pak", "Kak", "Mas"]
HON_ID_F = ["Ibu", "Bu", "Kak", "Mbak"]
HON_EN_M = ["Mr", "Mr."]
HON_EN_F = ["Ms", "Mrs", "Ms."]

# -- conversation templates ------------------------------------------------------------------------
# {V}: the slot's PII value; {NAME}: the customer's name (PII); {SHORT}: name after an honorific
# (PII); {hon}, {bank}, {agent_hon}: plain text. "id"/"en"/"mix" pools; mixed picks from all three.

SPEAKERS_CHAT = {"id": [("Agen", "Pelanggan"), ("CS", "User"), ("Agent", "Customer")],
                 "en": [("Agent", "Customer"), ("CS", "User")]}

GREET_AGENT = {
    "id": ["Selamat {daypart}, dengan saya {AGENT}, ada yang bisa dibantu?",
           "Halo, terima kasih sudah menghubungi kami. Saya {AGENT}, ada yang bisa saya bantu?",
           "Selamat {daypart} Kak, perkenalkan saya {AGENT} dari tim customer care.",
           "Halo Kak, dengan {AGENT} di sini. Ada yang bisa dibantu?"],
    "en": ["Good {daypart_en}, thank you for contacting us, this is {AGENT} speaking. How may I help?",
           "Hi, my name is {AGENT}, how can I help you today?",
           "Hello, you're chatting with {AGENT}. What can I do for you?"],
    "mix": ["Halo Kak, with {AGENT} here, ada yang bisa dibantu?"],
}
GREET_AGENT_NONAME = {
    "id": ["Selamat {daypart}, ada yang bisa kami bantu?", "Halo Kak, terima kasih sudah menghubungi kami."],
    "en": ["Hello, thanks for reaching out. How can I help?", "Good {daypart_en}, how may I help you?"],
}

INTRO = {
    "id": ["{daypart} kak, saya {NAME}, mau tanya soal {topic}", "halo, nama saya {NAME}. Mau komplain soal {topic}",
           "Siang, dengan {NAME} di sini, mau tanya {topic}", "saya {NAME} kak, ini mau tanya {topic} ya"],
    "en": ["Hi, my name is {NAME}, I have a question about {topic_en}.", "Hello, this is {NAME} speaking. It's about {topic_en}.",
           "hi, {NAME} here. I need help with {topic_en}", "Hi there, I'm {NAME}, calling about {topic_en}."],
    "mix": ["halo kak, my name is {NAME}, mau tanya soal {topic}", "hi kak, saya {NAME}, mau follow up {topic}"],
}
INTRO_NONAME = {
    "id": ["{daypart} kak, mau tanya soal {topic}", "halo, saya mau komplain soal {topic}"],
    "en": ["Hi, I have a question about {topic_en}.", "hello, I need some help with {topic_en}"],
}
TOPICS = ["refund", "pesanan yang belum sampai", "tagihan kartu kredit", "akun yang terblokir", "paket internet",
          "promo cashback", "pembayaran yang gagal", "wifi yang mati terus"]
TOPICS_EN = ["a refund", "my delivery", "my credit card bill", "my locked account", "my internet plan",
             "a failed payment", "my subscription"]

ACK = {  # agent addresses the customer with an honorific
    "id": ["Baik {hon} {SHORT}, saya bantu cek ya.", "Terima kasih {hon} {SHORT}.", "Oke {hon} {SHORT}, mohon ditunggu sebentar.",
           "Halo {SHORT}, terima kasih sudah menunggu."],
    "en": ["Thank you {hon} {SHORT}, let me check that for you.", "Sure {hon} {SHORT}, one moment please.",
           "Alright {hon} {SHORT}, I'll look into it."],
    "mix": ["Noted {hon} {SHORT}, saya cek dulu ya.", "Oke {hon} {SHORT}, please wait sebentar ya."],
}

ASK = {
    "name": {"id": ["Dengan Bapak/Ibu siapa saya berbicara?", "Boleh tahu nama lengkapnya?"],
             "en": ["May I have your full name please?", "Who am I speaking with?"]},
    "phone": {"id": ["Boleh dibantu nomor HP yang terdaftar?", "Nomor telepon yang bisa dihubungi berapa Kak?"],
              "en": ["Could I have your registered mobile number?", "What's the best number to reach you?"],
              "mix": ["Boleh minta phone number yang terdaftar Kak?"]},
    "email": {"id": ["Alamat email yang terdaftar apa ya Kak?", "Boleh sebutkan email akunnya?"],
              "en": ["What's the email address on the account?", "Can I have your email please?"],
              "mix": ["Email yang di-register apa ya Kak?"]},
    "nik": {"id": ["Untuk verifikasi, mohon sebutkan NIK sesuai KTP.", "Boleh dibantu nomor KTP/NIK-nya?"],
            "mix": ["For verification, boleh minta NIK-nya Kak?"]},
    "npwp": {"id": ["Untuk faktur pajak, boleh minta NPWP perusahaannya?", "Nomor NPWP-nya berapa ya Pak?"]},
    "bank": {"id": ["Refund mau ditransfer ke rekening mana Kak?", "Boleh minta nomor rekening untuk pengembalian dana?"],
             "en": ["Which bank account should we send the refund to?", "May I have the account number for the refund?"],
             "mix": ["Refund-nya mau ke account mana Kak?"]},
    "card": {"id": ["Kartu kredit yang dipakai nomornya berapa?", "Boleh disebutkan nomor kartunya?"],
             "en": ["Can you read me the card number?", "Which card was charged?"]},
    "address": {"id": ["Alamat pengirimannya di mana Kak?", "Boleh konfirmasi alamat lengkapnya?"],
                "en": ["What's the delivery address?", "Could you confirm your full address?"],
                "mix": ["Alamat delivery-nya di mana Kak?"]},
    "dob": {"id": ["Boleh sebutkan tanggal lahir?", "Untuk verifikasi, tanggal lahirnya kapan Kak?"],
            "en": ["Can you confirm your date of birth?", "What's your date of birth please?"],
            "mix": ["Boleh confirm date of birth-nya Kak?"]},
    "nric": {"en": ["Can I have your NRIC number please?", "For verification, may I have your NRIC?"],
             "mix": ["Boleh minta NRIC number-nya?"]},
    "ssn": {"en": ["For verification, can you provide your Social Security Number?", "May I have your SSN please?"]},
    "iban": {"id": ["Untuk transfer internasional, mohon kirim IBAN penerima."],
             "en": ["Please send the IBAN for the international transfer.", "What's the beneficiary IBAN?"]},
    "ip": {"id": ["Boleh dicek IP address perangkatnya Kak?", "Bisa kirim IP publik modemnya?"],
           "en": ["Could you tell me your public IP address?", "What IP does the router show?"],
           "mix": ["Boleh cek IP address-nya dulu Kak?"]},
}

# customer statements carrying the value (self-contained: cue + value)
SAY = {
    "phone": {"id": ["nomor saya {V}", "HP saya {V} kak", "bisa hubungi ke {V} ya", "no hp: {V}", "WA saya {V}"],
              "en": ["my number is {V}", "you can call me at {V}", "mobile: {V}", "reach me on {V} please"],
              "mix": ["nomor HP saya {V}, bisa WA juga", "call aja ke {V} kak"]},
    "email": {"id": ["email saya {V}", "emailnya {V} kak", "kirim ke email {V} aja"],
              "en": ["my email is {V}", "you can email me at {V}", "email: {V}"],
              "mix": ["email saya {V}, tolong kirim invoice-nya ke situ"]},
    "nik": {"id": ["NIK saya {V}", "no KTP {V}", "NIK: {V}", "nomor induk kependudukan saya {V}"],
            "mix": ["NIK saya {V} ya kak, sesuai KTP"]},
    "npwp": {"id": ["NPWP saya {V}", "NPWP perusahaan: {V}", "nomor NPWP kami {V} a.n. PT Maju Jaya"],
             "en": ["our NPWP is {V}", "company tax ID (NPWP): {V}"]},
    "bank": {"id": ["rekening {bank} {V} a.n. {NAME}", "no. rek {bank} {V}", "norek {V} ({bank}) atas nama {NAME}",
                    "tolong transfer ke rekening {bank} {V}", "nomor rekening saya {V} di {bank}"],
             "en": ["my {bank} account number is {V}", "account number {V} with {bank}",
                    "please refund to {bank} account {V} under {NAME}"],
             "mix": ["refund ke rekening {bank} {V} a.n. {NAME} ya kak", "account number saya {V} di {bank}"]},
    "card": {"id": ["nomor kartu kredit saya {V}", "kartunya {V} kak", "kartu {V} kena tagihan dua kali"],
             "en": ["the card number is {V}", "my card {V} was charged twice", "the full card number is {V}"],
             "mix": ["credit card saya {V}, ke-charge dua kali"]},
    "address": {"id": ["alamat saya {V}", "kirim ke {V} ya kak", "alamat pengiriman: {V}", "alamat saya di {V}"],
                "en": ["my address is {V}", "please deliver to {V}", "shipping address: {V}"],
                "mix": ["alamat delivery-nya {V} kak"]},
    "dob": {"id": ["tanggal lahir saya {V}", "tgl lahir: {V}", "saya lahir tanggal {V}", "lahir {V} kak"],
            "en": ["my date of birth is {V}", "DOB {V}", "I was born on {V}", "date of birth: {V}"],
            "mix": ["tanggal lahir saya {V}, DOB di sistem harusnya sama"]},
    "nric": {"en": ["my NRIC is {V}", "NRIC: {V}", "IC number {V}", "it's {V}, my NRIC"],
             "mix": ["NRIC saya {V}"]},
    "ssn": {"en": ["my social security number is {V}", "SSN: {V}", "my SSN is {V}"]},
    "iban": {"id": ["IBAN penerima: {V}", "tolong transfer ke IBAN {V} ya"],
             "en": ["the IBAN is {V}", "beneficiary IBAN: {V}", "please wire it to IBAN {V}"]},
    "ip": {"id": ["IP saya {V}", "IP publik modemnya {V} kak", "di router muncul IP {V}"],
           "en": ["my IP is {V}", "the router shows {V} as the public IP", "IP address: {V}"],
           "mix": ["IP address saya {V}, tapi tetap gak bisa connect"]},
    "name": {"id": ["nama saya {NAME}", "atas nama {NAME}", "a.n. {NAME} kak"],
             "en": ["my name is {NAME}", "it's {NAME}", "the account is under {NAME}"]},
}

# bare answers on the turn after an ASK (the cue was in the question)
ANSWER = {
    "id": ["{V}", "{V} kak", "oh iya, {V}", "{V} ya"],
    "en": ["{V}", "sure, it's {V}", "yeah it's {V}", "{V}"],
    "mix": ["{V} kak", "ok, {V}"],
}

CLOSE_AGENT = {
    "id": ["Baik, sudah kami catat. Ada lagi yang bisa dibantu?", "Terima kasih, tiket sudah kami buat ya Kak.",
           "Mohon ditunggu 1x24 jam ya Kak."],
    "en": ["Thanks, I've noted that down. Anything else?", "Alright, your request has been logged.",
           "Thank you for your patience."],
}
CLOSE_CUST = {"id": ["oke makasih kak", "siap, terima kasih", "baik kak, ditunggu ya"],
              "en": ["ok thanks", "great, thank you", "alright, cheers"]}

# negatives: look like PII to a careless detector, but are not. Holes are filled by corpus.neg_values.
NEG = {
    "id": ["mau tanya refund order {order}", "nomor tiket {ticket} ya kak", "totalnya {amount} tapi kepotong dua kali",
           "pesanan sudah dibayar {amount} tanggal {date}", "jadwal kirim {date} jam {time}", "resi {tracking} belum update",
           "saya beli {qty} tapi yang datang kurang", "kode produk {sku} stoknya ada?", "aplikasi versi {version} error terus",
           "OTP-nya tidak masuk kak, sudah tunggu 5 menit",
           "saya di {city} kak, cabang terdekat di mana?", "invoice {order} belum lunas", "masuk jam {time} tadi",
           "cashback {amount} belum masuk", "saya lagi di {city} sekarang"],
    "en": ["I'm asking about order {order}", "my ticket number is {ticket}", "I was charged {amount} twice",
           "the delivery was scheduled for {date} at {time}", "tracking number {tracking} hasn't moved",
           "I ordered {qty} but got fewer", "is SKU {sku} in stock?", "the app on version {version} keeps crashing",
           "I never received the OTP", "I'm in {city} at the moment",
           "please keep invoice {order} for your records", "it happened around {time}", "the refund of {amount} is pending"],
    "mix": ["order {order} belum sampai, tracking-nya stuck", "udah bayar {amount} via transfer tapi status masih pending",
            "app version {version} suka force close kak", "saya based di {city} kak"],
}
NEG_CALL = {
    "id": ["mau tanya refund pesanan saya yang {amount}", "tadi saya telepon jam {time}", "nomor tiketnya {ticket}",
           "paketnya dijadwalkan {date}", "saya beli {qty}", "kodenya otp tidak masuk mbak",
           "saya tinggal di {city} pak", "cashback {amount} belum masuk", "jam {time} tadi saya coba lagi"],
    "en": ["i was charged {amount} twice", "i called around {time}", "my ticket number is {ticket}",
           "the delivery is on {date}", "i ordered {qty}", "i didn't get the otp", "i'm in {city} right now"],
}

SUBJECTS = {"id": ["Komplain pesanan {order}", "Permintaan refund", "Update data akun", "Tagihan ganda",
                   "Faktur pajak {order}", "Gangguan internet"],
            "en": ["Refund request for order {order}", "Account update", "Double charge on my card",
                   "Invoice {order}", "Internet outage", "Address change"]}
EMAIL_GREET = {"id": ["Halo tim CS,", "Selamat pagi,", "Dengan hormat,", "Kepada Yth. Customer Service,"],
               "en": ["Dear Customer Service,", "Hello,", "Hi team,", "To whom it may concern,"]}
EMAIL_CLOSE = {"id": ["Terima kasih,", "Salam,", "Hormat saya,"], "en": ["Regards,", "Best regards,", "Thanks,", "Sincerely,"]}
SUPPORT_ADDR = ["cs@tokoku.co.id", "support@kawalshop.com", "care@telkonet.id", "help@lazadaa.sg", "service@bankmaju.co.id"]
AGENT_NAMES_ID = ["Dewi", "Rina", "Andi", "Putri", "Fajar", "Sari", "Yoga", "Nadia", "Bayu", "Intan", "Reza", "Tika"]
AGENT_NAMES_EN = ["Sarah", "Kelvin", "Amanda", "Jason", "Nurul", "Ravi", "Michelle", "Wei Ling", "Brandon", "Farah"]
DAYPART = ["pagi", "siang", "sore", "malam"]
DAYPART_EN = ["morning", "afternoon", "evening"]

LABELS = {
    "phone": {"id": "No. HP", "en": "Mobile"}, "email": {"id": "Email", "en": "Email"},
    "nik": {"id": "NIK", "en": "NIK"}, "npwp": {"id": "NPWP", "en": "NPWP"},
    "bank": {"id": "No. Rekening {bank}", "en": "{bank} account number"},
    "card": {"id": "No. Kartu Kredit", "en": "Card number"}, "address": {"id": "Alamat", "en": "Address"},
    "dob": {"id": "Tanggal lahir", "en": "Date of birth"}, "nric": {"id": "NRIC", "en": "NRIC"},
    "ssn": {"id": "SSN", "en": "SSN"}, "iban": {"id": "IBAN", "en": "IBAN"}, "ip": {"id": "IP address", "en": "IP address"},
    "name": {"id": "Nama", "en": "Name"},
}
DATA_INTRO = {"id": ["Berikut data saya:", "Data untuk verifikasi:", "Mohon diperbarui dengan data berikut:"],
              "en": ["My details are below:", "Details for verification:", "Please update my records as follows:"]}
AGENT_MAIL = {"id": ["Halo {hon} {SHORT},", "Yth. {hon} {SHORT},"], "en": ["Dear {hon} {SHORT},", "Hi {hon} {SHORT},"]}
AGENT_MAIL_BODY = {"id": ["Terima kasih telah menghubungi kami. Kami telah menerima data berikut:",
                          "Permintaan Anda sedang kami proses. Mohon konfirmasi data di bawah ini:"],
                   "en": ["Thank you for contacting us. We have received the following details:",
                          "Your request is being processed. Please confirm the details below:"]}
SIGN_TEAM = ["Customer Care", "Tim Layanan Pelanggan", "Support Team", "Kawal Shop CS"]

NEG_AGENT = {
    "id": ["Baik, refund {amount} akan diproses maksimal 7 hari kerja.", "Nomor tiket Anda {ticket} ya Kak.",
           "Pesanan {order} dijadwalkan tiba {date}.", "Mohon jangan bagikan kode OTP kepada siapapun.",
           "Silakan update aplikasi ke versi {version} dulu Kak.", "Resinya {tracking} ya Kak.",
           "Mohon 6 digit terakhir kartu ya Kak.", "Jangan berikan kode OTP ke siapapun ya Kak."],
    "en": ["Your refund of {amount} will be processed within 7 working days.", "Your ticket number is {ticket}.",
           "Order {order} is scheduled to arrive on {date}.", "Please never share your OTP with anyone.",
           "Please update the app to version {version} first.", "The tracking number is {tracking}.", "We will never ask for your OTP."],
}
NEG_AGENT_CALL = {
    "id": ["baik refund {amount} akan kami proses", "nomor tiketnya {ticket} ya pak", "paketnya dijadwalkan {date}",
           "mohon jangan sebutkan kode otp ke siapapun", "teknisi datang jam {time} ya bu"],
    "en": ["your refund of {amount} is being processed", "your ticket number is {ticket}",
           "the technician will come at {time}", "please don't share any otp with us"],
}
GREET_CALL = {
    "id": ["terima kasih sudah menghubungi layanan pelanggan dengan saya {AGENT} ada yang bisa dibantu",
           "selamat {daypart} dengan {AGENT} di sini ada yang bisa saya bantu"],
    "en": ["thank you for calling this is {AGENT} speaking how may i help you",
           "good {daypart_en} you're speaking with {AGENT} how can i help"],
}
GREET_CALL_NONAME = {
    "id": ["terima kasih sudah menghubungi layanan pelanggan ada yang bisa dibantu", "selamat {daypart} ada yang bisa dibantu"],
    "en": ["thank you for calling customer service how may i help you", "good {daypart_en} how can i help you today"],
}
