"""The hand-written content of the ILLUSTRATIVE masterplan tables of Kutai Kartanegara (64.02)
and Katingan (62.06): risks with their likelihood and impact levels, SWOT factors and their
rating bias per pillar, programmes and agencies, quick wins, TOWS strategies, the strategy each
programme carries out and the maturity targets. Made up, grounded in ``../shared/DOMAIN.md`` §1;
``scripts/generate_masterplan_illustrative.py`` turns it (with seeded draws) into the files of
``data/raw``. Data only: no code runs here."""
from __future__ import annotations

KUKAR, KATINGAN = "64.02", "62.06"

# risk_id, program, pillar, owner, event, cause, impact_desc, L, I, treatment, type, rL, rI, status
KUKAR_2021 = [
    ("R01", "Idaman RT", "governance", "Diskominfo", "Gangguan jaringan internet menghentikan "
     "layanan inovasi", "Jaringan tunggal tanpa cadangan di kecamatan", "Layanan Idaman RT "
     "terhenti, laporan RT tertunda", 3, 3, "Jaringan cadangan (backup link) dan mode luring",
     "structural", 2, 2, "mitigating"),
    ("R02", "Idaman RT", "governance", "DPMD", "Data RT tidak diperbarui", "Operator RT belum "
     "terlatih", "Penyaluran dana RT tidak tepat sasaran", 2, 3, "Bimtek operator RT per kecamatan",
     "structural", 1, 2, "mitigating"),
    ("R03", "Simpel BPJS", "living", "Dinas Kesehatan", "Data peserta BPJS tidak sinkron",
     "Integrasi data Disdukcapil–BPJS belum otomatis", "Warga gagal terdaftar", 2, 3,
     "Perjanjian kerja sama pertukaran data", "policy", 1, 3, "mitigating"),
    ("R04", "Kukar Asia Wonders", "branding", "Dinas Pariwisata", "Promosi daring tidak menjangkau "
     "wisatawan", "Konten dan anggaran promosi terbatas", "Kunjungan wisata tidak naik", 2, 2, "",
     "", None, None, "open"),
    ("R05", "UMKM", "economy", "Dinas Koperasi dan UKM", "UMKM tidak memakai lokapasar daerah",
     "Literasi digital pelaku UMKM rendah", "Transaksi daring rendah", 3, 2, "", "", None, None,
     "open"),
    ("R06", "Bank Sampah", "environment", "DLHK", "Nasabah bank sampah berhenti menabung",
     "Harga jual sampah pilah rendah", "Volume sampah ke TPA tidak turun", 2, 2,
     "Kemitraan offtaker dengan swasta", "policy", 1, 2, "mitigating"),
    ("R07", "Kelompok Informasi Masyarakat", "society", "Diskominfo", "KIM tidak aktif setelah "
     "dibentuk", "Tidak ada insentif dan pendampingan", "Diseminasi informasi desa terhenti", 2, 3,
     "", "", None, None, "open"),
    ("R08", "Simpel BPJS", "living", "Disdukcapil", "NIK warga tidak valid", "Data kependudukan "
     "ganda", "Pendaftaran ditolak sistem", 1, 2, "Pembersihan data NIK", "structural", 1, 1,
     "closed"),
]
KUKAR_2023 = [
    ("R01", "Layanan inovasi daerah", "governance", "Diskominfo", "Gangguan jaringan internet "
     "menghentikan layanan inovasi", "Satu penyedia jaringan, tanpa jalur cadangan", "Layanan "
     "publik daring terhenti", 4, 4, "Jalur cadangan dan SLA penyedia", "structural", 2, 3,
     "mitigating"),
    ("R02", "Idaman RT", "governance", "DPMD", "Keterlambatan laporan RT", "Operator berganti",
     "Evaluasi program tertunda", 3, 2, "Pelatihan berkala operator", "structural", 2, 2,
     "mitigating"),
    ("R03", "Satu Data Kukar", "governance", "Bappeda", "Data sektoral tidak mutakhir", "Walidata "
     "OPD belum ditetapkan", "Perencanaan tidak berbasis data", 3, 3, "", "", None, None, "open"),
    ("R04", "Keamanan informasi", "governance", "Diskominfo", "Serangan siber pada pusat data",
     "Patch keamanan tidak rutin", "Kebocoran data pribadi warga", 3, 5, "SOP tanggap insiden dan "
     "CSIRT daerah", "policy", 2, 4, "mitigating"),
    ("R05", "Kukar Asia Wonders", "branding", "Dinas Pariwisata", "Citra destinasi menurun",
     "Ulasan negatif di media sosial", "Kunjungan wisata turun", 2, 3, "Pengelolaan ulasan daring",
     "policy", 2, 2, "mitigating"),
    ("R06", "UMKM", "economy", "Dinas Koperasi dan UKM", "Lokapasar daerah sepi transaksi",
     "Ongkos kirim tinggi antarkecamatan", "UMKM kembali ke penjualan luring", 4, 3, "", "", None,
     None, "open"),
    ("R07", "Pasar digital", "economy", "Disperindag", "QRIS tidak dipakai pedagang pasar",
     "Literasi keuangan rendah", "Transaksi non-tunai rendah", 3, 2, "Sosialisasi QRIS bersama "
     "bank daerah", "policy", 2, 2, "mitigating"),
    ("R08", "Simpel BPJS", "living", "Dinas Kesehatan", "Kegagalan integrasi data kepesertaan",
     "Perubahan API BPJS", "Warga miskin tidak terlindungi", 3, 4, "Pemantauan antarmuka dan "
     "perjanjian layanan", "structural", 2, 3, "mitigating"),
    ("R09", "Transportasi", "living", "Dinas Perhubungan", "Aplikasi angkutan sungai tidak dipakai",
     "Jaringan seluler lemah di hulu", "Data penumpang tidak tersedia", 4, 2, "", "", None, None,
     "open"),
    ("R10", "Tanggap darurat", "living", "BPBD", "Call center darurat tidak terjawab", "Petugas "
     "piket terbatas", "Korban bencana terlambat ditolong", 2, 5, "Penambahan petugas dan "
     "integrasi 112", "structural", 1, 5, "mitigating"),
    ("R11", "Kelompok Informasi Masyarakat", "society", "Diskominfo", "Hoaks tersebar lewat "
     "grup warga", "KIM belum aktif di semua desa", "Konflik sosial", 3, 3, "Pelatihan cek fakta "
     "KIM", "structural", 2, 2, "mitigating"),
    ("R12", "Perpustakaan digital", "society", "Dinas Perpustakaan dan Kearsipan", "Koleksi "
     "digital jarang diakses", "Promosi kurang", "Minat baca tidak naik", 2, 2, "", "", None, None,
     "open"),
    ("R13", "Bank Sampah", "environment", "DLHK", "Bank sampah unit berhenti beroperasi",
     "Pengurus tidak mendapat honor", "Sampah ke TPA naik", 3, 3, "", "", None, None, "open"),
    ("R14", "Pemantauan banjir", "environment", "Dinas PU", "Sensor tinggi muka air rusak",
     "Pemeliharaan tidak dianggarkan", "Peringatan dini gagal", 2, 4, "Kontrak pemeliharaan "
     "tahunan", "structural", 1, 4, "mitigating"),
]
KATINGAN_2023 = [
    ("R01", "Jaringan pemerintahan", "governance", "Diskominfo", "Internet kantor kecamatan "
     "terputus", "Belum ada jaringan serat optik ke hulu", "Layanan administrasi daring terhenti",
     5, 4, "Link satelit cadangan", "structural", 3, 3, "mitigating"),
    ("R02", "SPBE", "governance", "Bappedalitbang", "Aplikasi OPD tidak terintegrasi", "Tidak ada "
     "arsitektur SPBE daerah", "Duplikasi anggaran aplikasi", 4, 3, "Peraturan bupati arsitektur "
     "SPBE", "policy", 3, 2, "mitigating"),
    ("R03", "Pelayanan perizinan", "governance", "DPMPTSP", "Server perizinan lambat", "Kapasitas "
     "server kecil", "Antrean izin panjang", 3, 2, "", "", None, None, "open"),
    ("R04", "Wisata Sebangau", "branding", "Disbudparpora", "Paket ekowisata tidak laku",
     "Akses sungai mahal", "Pendapatan wisata rendah", 3, 3, "", "", None, None, "open"),
    ("R05", "Rotan Katingan", "economy", "Dinas Koperasi UKM dan Perdagangan", "Harga rotan "
     "jatuh", "Bergantung pada satu pembeli", "Pendapatan perajin turun", 4, 4, "Kurasi produk dan "
     "pasar daring", "structural", 3, 3, "mitigating"),
    ("R06", "Pembayaran non-tunai", "economy", "BPKAD", "Retribusi daring tidak dipakai",
     "Sinyal lemah di pasar", "PAD tidak tercatat real time", 3, 2, "", "", None, None, "open"),
    ("R07", "Telemedisin", "living", "Dinas Kesehatan", "Telekonsultasi puskesmas terputus",
     "Jaringan tidak stabil", "Rujukan terlambat", 4, 4, "", "", None, None, "open"),
    ("R08", "Transportasi sungai", "living", "Dinas Perhubungan", "Kecelakaan klotok",
     "Tidak ada pemantauan lalu lintas sungai", "Korban jiwa", 2, 5, "Pendataan dan pelampung "
     "wajib", "policy", 2, 4, "mitigating"),
    ("R09", "Huma Betang Digital", "society", "Dinas Pendidikan", "Konten budaya lokal tidak "
     "terpelihara", "Tidak ada kurator", "Kearifan lokal tidak terdokumentasi", 2, 3, "Kerja sama "
     "dengan lembaga adat", "policy", 1, 3, "mitigating"),
    ("R10", "Wifi publik", "society", "Diskominfo", "Wifi desa disalahgunakan", "Tanpa penyaring "
     "konten", "Keresahan masyarakat", 3, 2, "Penyaring konten", "structural", 2, 1, "closed"),
    ("R11", "Kebakaran hutan dan lahan", "environment", "BPBD", "Titik api tidak terdeteksi dini",
     "Patroli manual", "Kabut asap, kerugian kesehatan", 4, 5, "Pemantauan hotspot satelit dan "
     "patroli desa", "structural", 3, 4, "mitigating"),
    ("R12", "Persampahan", "environment", "DLH", "TPA Kasongan penuh", "Belum ada pemilahan",
     "Pencemaran sungai", 3, 4, "", "", None, None, "open"),
]
RISK_COLS = ["risk_id", "program", "pillar", "owner", "event", "cause", "impact_desc",
             "likelihood", "impact", "treatment", "treatment_type", "residual_likelihood",
             "residual_impact", "status"]

SWOT_FACTORS = {  # pillar: (S, W, O, T) factor lists; same skeleton, regency-specific words
    KUKAR: {
        "governance": (["Idaman RT menjangkau semua RT", "Pusat data daerah tersedia"],
                       ["Aplikasi OPD belum terintegrasi", "SDM TIK terbatas"],
                       ["Dukungan SPBE nasional", "Kedekatan dengan IKN"],
                       ["Serangan siber", "Gangguan jaringan internet"]),
        "branding": (["Festival Erau dikenal luas", "Merek Kukar Asia Wonders"],
                     ["Promosi daring belum konsisten"],
                     ["Wisatawan IKN", "Media sosial"], ["Persaingan destinasi Kalimantan"]),
        "economy": (["UMKM banyak dan beragam", "Produk pertanian dan perikanan"],
                    ["Literasi digital UMKM rendah", "Ongkos logistik tinggi"],
                    ["Pasar baru dari IKN", "QRIS dan dompet digital"],
                    ["Ketergantungan pada tambang", "Harga komoditas berfluktuasi"]),
        "living": (["Simpel BPJS berjalan", "RSUD rujukan regional"],
                   ["Jaringan internet hulu lemah", "Transportasi antarkecamatan terbatas"],
                   ["Program telemedisin nasional"], ["Banjir musiman", "Wabah penyakit"]),
        "society": (["Kelompok Informasi Masyarakat aktif", "Komunitas adat kuat"],
                    ["Perpustakaan digital jarang dipakai"],
                    ["Program literasi digital nasional", "Relawan TIK"],
                    ["Hoaks di media sosial"]),
        "environment": (["Bank Sampah di banyak desa"],
                        ["Pemilahan sampah rumah tangga rendah", "Pemantauan kualitas air manual"],
                        ["Dana hijau dan CSR"], ["Lubang bekas tambang", "Kebakaran lahan"]),
    },
    KATINGAN: {
        "governance": (["Komitmen pimpinan daerah", "Nilai kebersamaan Huma Betang"],
                       ["Jaringan ke kecamatan hulu terbatas", "SDM TIK sedikit"],
                       ["Program SPBE nasional", "Bimtek Gerakan Menuju Kota Cerdas"],
                       ["Ketergantungan dana transfer pusat"]),
        "branding": (["Taman Nasional Sebangau", "Budaya Dayak Katingan"],
                     ["Akses destinasi mahal", "Promosi daring minim"],
                     ["Tren ekowisata", "Wisatawan Palangka Raya"],
                     ["Persaingan destinasi tetangga"]),
        "economy": (["Kerajinan rotan", "Perikanan sungai"],
                    ["Akses pasar terbatas"], ["Lokapasar nasional", "Kredit usaha rakyat"],
                    ["Harga komoditas turun", "Banjir memutus jalan"]),
        "living": (["Sungai Katingan sebagai jalur transportasi"],
                   ["Fasilitas kesehatan jauh dari desa hulu", "Sinyal seluler lemah"],
                   ["Program BAKTI (akses internet desa)", "Telemedisin nasional"],
                   ["Banjir tahunan"]),
        "society": (["Lembaga adat dan kearifan lokal kuat", "Gotong royong Huma Betang"],
                    ["Literasi digital rendah", "Sekolah jauh dan tersebar"],
                    ["Program literasi digital nasional"], ["Hoaks", "Migrasi pemuda ke kota"]),
        "environment": (["Hutan gambut luas", "Kearifan lokal menjaga hutan"],
                        ["Pengelolaan sampah belum terpilah"],
                        ["Pendanaan iklim dan karbon"],
                        ["Kebakaran hutan dan lahan", "Pencemaran sungai oleh tambang"]),
    },
}
SWOT_YEAR = {KUKAR: 2021, KATINGAN: 2022}
#: Rating bias per pillar (S, W, O, T): mean rating in 1–4, so the pillars spread over quadrants.
SWOT_BIAS = {"governance": (3.5, 2.2, 3.4, 2.5), "branding": (3.2, 2.8, 2.4, 3.2),
             "economy": (2.6, 3.3, 3.4, 2.6), "living": (2.4, 3.4, 2.5, 3.5),
             "society": (3.4, 2.4, 3.0, 2.4), "environment": (2.3, 3.2, 2.8, 3.4)}

# Kukar: (pillar, owner, programme, category); agency counts per pillar 10/3/8/10/7/4 (2023).
KUKAR_PROGRAMMES = {
    "governance": [("Diskominfo", "Pusat data dan jaringan pemerintahan", "infrastruktur"),
                   ("Bappeda", "Satu Data Kukar", "aplikasi"),
                   ("Disdukcapil", "Layanan adminduk daring", "aplikasi"),
                   ("DPMPTSP", "Perizinan daring terpadu", "aplikasi"),
                   ("BKPSDM", "Peningkatan kompetensi TIK ASN", "sdm"),
                   ("Inspektorat", "Pengawasan berbasis aplikasi", "aplikasi"),
                   ("Bagian Organisasi Setda", "Reformasi birokrasi digital", "sdm"),
                   ("BPKAD", "Keuangan daerah terintegrasi", "aplikasi"),
                   ("Bapenda", "Pajak daerah daring", "aplikasi"),
                   ("DPMD", "Idaman RT", "aplikasi")],
    "branding": [("Dinas Pariwisata", "Kukar Asia Wonders", "literasi"),
                 ("Dinas Pendidikan dan Kebudayaan", "Digitalisasi Festival Erau", "aplikasi"),
                 ("Diskominfo", "Portal promosi daerah", "aplikasi")],
    "economy": [("Dinas Koperasi dan UKM", "UMKM go digital", "literasi"),
                ("Disperindag", "Pasar rakyat non-tunai", "infrastruktur"),
                ("Dinas Pertanian dan Peternakan", "Sistem informasi pertanian", "aplikasi"),
                ("Dinas Perikanan", "Pemasaran hasil perikanan daring", "aplikasi"),
                ("Disnakertrans", "Bursa kerja daring", "aplikasi"),
                ("DPMPTSP", "Profil investasi daring", "aplikasi"),
                ("Bapenda", "Retribusi pasar QRIS", "aplikasi"),
                ("Dinas Ketahanan Pangan", "Pemantauan harga pangan", "aplikasi")],
    "living": [("Dinas Kesehatan", "Simpel BPJS", "aplikasi"),
               ("RSUD AM Parikesit", "Rekam medis elektronik", "aplikasi"),
               ("Dinas Perhubungan", "Informasi angkutan sungai", "aplikasi"),
               ("Dinas PU", "Penerangan jalan pintar", "infrastruktur"),
               ("Dinas Perkim", "Rumah layak huni terdata", "aplikasi"),
               ("Dinas Sosial", "Data terpadu kesejahteraan sosial", "aplikasi"),
               ("BPBD", "Peringatan dini bencana", "infrastruktur"),
               ("Disdukcapil", "Adminduk jemput bola", "sdm"),
               ("Diskominfo", "Internet desa", "infrastruktur"),
               ("Dinas Pertanahan dan Tata Ruang", "Tata ruang daring", "aplikasi")],
    "society": [("Diskominfo", "Kelompok Informasi Masyarakat", "literasi"),
                ("Dinas Pendidikan dan Kebudayaan", "Sekolah digital", "infrastruktur"),
                ("Dinas Perpustakaan dan Kearsipan", "Perpustakaan digital", "aplikasi"),
                ("Dispora", "Komunitas kreatif pemuda", "sdm"),
                ("DP3A", "Layanan pengaduan perempuan dan anak", "aplikasi"),
                ("Satpol PP", "CCTV ketertiban umum", "infrastruktur"),
                ("Kesbangpol", "Literasi digital anti-hoaks", "literasi")],
    "environment": [("DLHK", "Bank Sampah", "sdm"),
                    ("Dinas PU", "Pemantauan tinggi muka air", "infrastruktur"),
                    ("Dinas Perkim", "Ruang terbuka hijau", "infrastruktur"),
                    ("BPBD", "Pemantauan titik api", "aplikasi")],
}
KUKAR_QUICK_WINS = {"Idaman RT", "Simpel BPJS", "Kukar Asia Wonders", "UMKM go digital",
                    "Bank Sampah", "Kelompok Informasi Masyarakat"}
KATINGAN_PROGRAMMES = {
    "governance": [("Diskominfo", "Jaringan serat optik pemerintahan", "infrastruktur"),
                   ("Bappedalitbang", "Arsitektur SPBE daerah", "aplikasi"),
                   ("DPMPTSP", "Perizinan daring", "aplikasi"),
                   ("BKPSDM", "Pelatihan TIK ASN", "sdm")],
    "branding": [("Disbudparpora", "Promosi ekowisata Sebangau", "literasi"),
                 ("Disbudparpora", "Kalender budaya Katingan", "aplikasi")],
    "economy": [("Dinas Koperasi UKM dan Perdagangan", "Rotan Katingan daring", "literasi"),
                ("BPKAD", "Retribusi non-tunai", "aplikasi"),
                ("Dinas Perikanan", "Data perikanan sungai", "aplikasi")],
    "living": [("Dinas Kesehatan", "Telemedisin puskesmas hulu", "infrastruktur"),
               ("Dinas Perhubungan", "Pendataan angkutan sungai", "aplikasi"),
               ("Dinas PUPR", "Tata ruang daring", "aplikasi"),
               ("Diskominfo", "Internet desa", "infrastruktur")],
    "society": [("Dinas Pendidikan", "Huma Betang Digital (konten kearifan lokal)", "aplikasi"),
                ("Diskominfo", "Wifi publik desa", "infrastruktur"),
                ("Dinas Perpustakaan", "Literasi digital masyarakat", "literasi")],
    "environment": [("BPBD", "Pemantauan titik api", "aplikasi"),
                    ("DLH", "Bank sampah desa", "sdm"),
                    ("DLH", "Pemantauan kualitas air sungai", "infrastruktur")],
}


#: Factor codes: pillar prefix, type and the factor's position among its pillar's factors of
#: that type (GOV-S1 = the first strength of Smart Governance).
FACTOR_PREFIX = {"governance": "GOV", "branding": "BRD", "economy": "ECO", "living": "LIV",
                 "society": "SOC", "environment": "ENV"}
# TOWS strategies in the SWOT's year: (code, pillar, type, factor codes, description). Some
# major weaknesses and threats are left unaddressed and one pillar per regency has strategies
# that point away from its quadrant (Kukar living: IV defensive, strategies SO and WO; Katingan
# society: II diversification, strategies SO and WO), so the report has flags to show.
STRATEGIES = {
    KUKAR: [
        ("GOV-SO1", "governance", "SO", "GOV-S1, GOV-O1",
         "Perluas Idaman RT dan Satu Data dengan dukungan SPBE nasional"),
        ("GOV-SO2", "governance", "SO", "GOV-S2, GOV-O2",
         "Siapkan pusat data daerah untuk layanan bersama dengan IKN"),
        ("GOV-ST1", "governance", "ST", "GOV-S2, GOV-T1, GOV-T2",
         "Amankan pusat data dan jaringan pemerintahan (CSIRT, jalur cadangan)"),
        ("GOV-WO1", "governance", "WO", "GOV-W1, GOV-O1",
         "Integrasikan aplikasi OPD dengan arsitektur SPBE nasional"),
        ("BRD-SO1", "branding", "SO", "BRD-S1, BRD-S2, BRD-O2",
         "Promosikan Erau dan Kukar Asia Wonders lewat media sosial"),
        ("BRD-WO1", "branding", "WO", "BRD-W1, BRD-O1, BRD-O2",
         "Kalender promosi daring untuk wisatawan IKN"),
        ("ECO-WO1", "economy", "WO", "ECO-W1, ECO-O2", "Literasi digital dan QRIS untuk UMKM"),
        ("ECO-WO2", "economy", "WO", "ECO-W2, ECO-O1",
         "Lokapasar daerah dengan logistik bersama ke pasar IKN"),
        ("ECO-ST1", "economy", "ST", "ECO-S2, ECO-T1",
         "Hilirisasi pertanian dan perikanan untuk mengurangi ketergantungan pada tambang"),
        ("LIV-SO1", "living", "SO", "LIV-S1, LIV-S2, LIV-O1",
         "Simpel BPJS dan RSUD rujukan tersambung telemedisin"),
        ("LIV-WO1", "living", "WO", "LIV-W1, LIV-O1", "Internet desa untuk telemedisin di hulu"),
        ("SOC-SO1", "society", "SO", "SOC-S1, SOC-O1",
         "KIM sebagai penggerak literasi digital desa"),
        ("SOC-SO2", "society", "SO", "SOC-S2, SOC-O2", "Relawan TIK bersama komunitas adat"),
        ("SOC-ST1", "society", "ST", "SOC-S1, SOC-T1", "KIM melawan hoaks di media sosial"),
        ("ENV-SO1", "environment", "SO", "ENV-S1, ENV-O1", "Bank sampah dengan dana CSR"),
        ("ENV-WT1", "environment", "WT", "ENV-W2, ENV-T2",
         "Pemantauan otomatis muka air dan titik api"),
        ("ENV-WT2", "environment", "WT", "ENV-W1, ENV-T1",
         "Pemilahan sampah dan pengawasan lubang bekas tambang")],
    KATINGAN: [
        ("GOV-SO1", "governance", "SO", "GOV-S1, GOV-O1",
         "Komitmen pimpinan untuk arsitektur SPBE daerah"),
        ("GOV-SO2", "governance", "SO", "GOV-S2, GOV-O2",
         "Bimtek Gerakan Menuju Kota Cerdas untuk semua OPD dengan semangat Huma Betang"),
        ("GOV-WO1", "governance", "WO", "GOV-W1, GOV-O1",
         "Jaringan serat optik pemerintahan ke kecamatan hulu"),
        ("BRD-WO1", "branding", "WO", "BRD-W2, BRD-O1", "Promosi daring paket ekowisata Sebangau"),
        ("BRD-SO1", "branding", "SO", "BRD-S2, BRD-O2",
         "Kalender budaya Dayak untuk wisatawan Palangka Raya"),
        ("ECO-SO1", "economy", "SO", "ECO-S1, ECO-O1", "Rotan Katingan di lokapasar nasional"),
        ("ECO-SO2", "economy", "SO", "ECO-S2, ECO-O2", "KUR dan data untuk perikanan sungai"),
        ("ECO-WO1", "economy", "WO", "ECO-W1, ECO-O1", "Buka akses pasar lewat lokapasar"),
        ("LIV-WO1", "living", "WO", "LIV-W2, LIV-O1", "Internet desa BAKTI untuk desa hulu"),
        ("LIV-WO2", "living", "WO", "LIV-W1, LIV-O2", "Telemedisin puskesmas hulu"),
        ("LIV-ST1", "living", "ST", "LIV-S1, LIV-T1",
         "Pendataan angkutan sungai dan peringatan banjir"),
        ("SOC-SO1", "society", "SO", "SOC-S1, SOC-O1",
         "Konten kearifan lokal untuk literasi digital"),
        ("SOC-WO1", "society", "WO", "SOC-W1, SOC-O1", "Literasi digital masyarakat"),
        ("ENV-ST1", "environment", "ST", "ENV-S2, ENV-T1",
         "Patroli desa berbasis kearifan lokal dan pemantauan titik api"),
        ("ENV-WT1", "environment", "WT", "ENV-W1, ENV-T2",
         "Bank sampah desa dan pemantauan kualitas air sungai")]}
# The strategy each programme carries out (programmes not listed carry none).
PROGRAMME_STRATEGY = {
    KUKAR: {"KK-GOV-01": "GOV-ST1", "KK-GOV-02": "GOV-SO1", "KK-GOV-03": "GOV-WO1",
            "KK-GOV-04": "GOV-WO1", "KK-GOV-06": "GOV-WO1", "KK-GOV-08": "GOV-WO1",
            "KK-GOV-09": "GOV-WO1", "KK-GOV-10": "GOV-SO1", "KK-BRA-01": "BRD-SO1",
            "KK-BRA-02": "BRD-SO1", "KK-BRA-03": "BRD-WO1", "KK-ECO-01": "ECO-WO1",
            "KK-ECO-02": "ECO-WO1", "KK-ECO-03": "ECO-ST1", "KK-ECO-04": "ECO-ST1",
            "KK-ECO-06": "ECO-WO2", "KK-ECO-07": "ECO-WO1", "KK-LIV-01": "LIV-SO1",
            "KK-LIV-02": "LIV-SO1", "KK-LIV-09": "LIV-WO1", "KK-SOC-01": "SOC-SO1",
            "KK-SOC-04": "SOC-SO2", "KK-SOC-07": "SOC-ST1", "KK-ENV-01": "ENV-SO1",
            "KK-ENV-02": "ENV-WT1", "KK-ENV-04": "ENV-WT1"},
    KATINGAN: {"KT-GOV-01": "GOV-WO1", "KT-GOV-02": "GOV-SO1", "KT-GOV-03": "GOV-SO1",
               "KT-GOV-04": "GOV-SO2", "KT-BRA-01": "BRD-WO1", "KT-BRA-02": "BRD-SO1",
               "KT-ECO-01": "ECO-SO1", "KT-ECO-03": "ECO-SO2", "KT-LIV-01": "LIV-WO2",
               "KT-LIV-02": "LIV-ST1", "KT-LIV-04": "LIV-WO1", "KT-SOC-01": "SOC-SO1",
               "KT-SOC-03": "SOC-WO1", "KT-ENV-01": "ENV-ST1", "KT-ENV-02": "ENV-WT1",
               "KT-ENV-03": "ENV-WT1"}}
# Maturity targets per pillar (1–5) by a year: five years after the SWOT (Kukar) and at the end
# of the first and second five-year plans of the masterplan (Katingan).
TARGETS = {
    KUKAR: [(p, 2026, lvl) for p, lvl in (("governance", 4), ("branding", 3), ("economy", 4),
                                          ("living", 4), ("society", 3), ("environment", 4))],
    KATINGAN: [*((p, 2027, 3) for p in FACTOR_PREFIX), ("governance", 2032, 4),
               ("living", 2032, 4)]}
