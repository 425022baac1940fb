/** Fault descriptions as LPSE staff write them (Indonesian), shared by the benchmarks' data. */
export const DESCRIPTIONS = [
  'Aplikasi SPSE tidak dapat diakses sejak pukul 08.00 WITA; halaman login menampilkan galat 502 Bad Gateway dan penyedia tidak bisa mengunggah dokumen penawaran.',
  'Layanan pengadaan elektronik lambat sekali saat pembukaan dokumen penawaran; beberapa panitia melaporkan sesi terputus berulang kali dan waktu tunggu habis.',
  'Sertifikat TLS server SPSE kedaluwarsa sehingga peramban menolak koneksi; pengguna di kantor dinas tidak dapat masuk ke aplikasi sama sekali.',
  'Ruang disk partisi /home hampir penuh (98%) dan proses pencadangan harian gagal; log aplikasi menunjukkan kesalahan penulisan berkas lampiran.',
  'Basis data PostgreSQL menolak koneksi baru karena batas max_connections tercapai; jadwal lelang tender konstruksi terancam mundur.',
];
