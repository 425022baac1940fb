/**
 * SOP-01 "Prosedur Perbaikan Secara Remote" (Remote Repair Procedure), as data.
 *
 * Source: /work/shared/sop/sop-01-perbaikan-remote.id.md (the Indonesian original is the
 * authority; `en` fields are renderings). Texts are kept as written in the source, typos
 * included, except "Phak" → "Pihak" in the step activities and the reconstructed verb
 * "[mengakses]" in B3 (missing in the source; brackets mark the reconstruction).
 */
import { deepFreeze } from '../deep-freeze.js';
import type { SopDefinition } from './sop-definition.js';

const EXECUTORS = ['admin_lpse', 'dit_eproc', 'pihak_berwenang'] as const;

export const SOP_01_2019: SopDefinition = deepFreeze<SopDefinition>({
  code: 'SOP-01',
  version: '2019.0',

  identity: {
    issuer: {
      id: 'Pemerintah Provinsi Gorontalo — Biro Pengadaan Sekretariat Daerah — Layanan Pengadaan Secara Elektronik (LPSE)',
      en: 'Government of Gorontalo Province — Procurement Bureau, Regional Secretariat — Electronic Procurement Service (LPSE)',
    },
    series: {
      id: 'Pedoman Pengamanan dan Pemeliharaan Infrastruktur SPSE, 2019',
      en: 'Guidelines for Securing and Maintaining SPSE Infrastructure, 2019',
    },
    title: {
      id: 'Prosedur Perbaikan Secara Remote',
      en: 'Remote Repair Procedure',
    },
    number: '800 /SET-BP/SOP-01/LPSE/030/2019',
    createdOn: '2018-10-01',
    revisedOn: null,
    revisionNumber: null,
    effectiveOn: '2019-01-02',
    ratifiedBy: { id: 'Koordinator LPSE', en: 'LPSE Coordinator' },
    signatures: [
      {
        key: 'mengetahui',
        label: { id: 'Mengetahui', en: 'Acknowledged by' },
        position: {
          id: 'Kepala Biro Pengadaan Sekretariat Daerah Provinsi Gorontalo',
          en: 'Head of the Procurement Bureau, Regional Secretariat of Gorontalo Province',
        },
        signedBy: 'Dr. H. Wahyudin A. Katili, S.STP, MT',
      },
      {
        key: 'dibuat_oleh',
        label: { id: 'Dibuat oleh', en: 'Prepared by' },
        position: {
          id: 'Kepala Sub Bagian LPSE dan Penyebarluasan Informasi',
          en: 'Head of the LPSE and Information Dissemination Subdivision',
        },
        signedBy: 'Rahmanto Gani, ST',
      },
      {
        key: 'menyetujui',
        label: { id: 'Menyetujui', en: 'Approved by' },
        position: {
          id: 'Kepala Bagian Kebijakan Strategi dan Informasi (Koordinator LPSE)',
          en: 'Head of the Strategic Policy and Information Division (LPSE Coordinator)',
        },
        signedBy: 'Dr. Fri S. Bilakonga, ST, M.Si',
      },
    ],
  },

  legalBasis: [
    {
      id: 'Undang-Undang Nomor 11 Tahun 2008 tentang Informasi dan Transaksi Elektronik',
      en: 'Law Number 11 of 2008 on Electronic Information and Transactions',
    },
    {
      id: 'Peraturan Pemerintah No. 82 Tahun 2012 tentang Penyelegaraan Sistem dan Transaksi Elektronik',
      en: 'Government Regulation No. 82 of 2012 on the Operation of Electronic Systems and Transactions',
    },
    {
      id: 'Peraturan Presiden Nomor 16 Tahun 2018 tentang Pengadaan Barang/Jasa Pemerintah.',
      en: 'Presidential Regulation Number 16 of 2018 on Government Procurement of Goods/Services.',
    },
    {
      id: 'Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 Tahun 2012 tentang Pedoman Penyusunan Standar Operasional Prosedur Administrasi Pemerintahan',
      en: 'Regulation of the Minister of State Apparatus Empowerment and Bureaucratic Reform Number 35 of 2012 on Guidelines for Drafting Standard Operating Procedures for Government Administration',
    },
    {
      id: 'Peraturan Kepala Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 2 Tahun 2010 tentang Layanan Pengadaan Secara Elektronik',
      en: 'Regulation of the Head of the National Public Procurement Agency (LKPP) Number 2 of 2010 on the Electronic Procurement Service',
    },
  ],

  executorQualifications: [
    { id: 'Administrator Sistem LPSE', en: 'LPSE System Administrator' },
    {
      id: 'Dit E-Proc/Pihak Yang Diberikan Kewenangan',
      en: 'Dit E-Proc (LKPP e-procurement directorate)/Party Given Authority',
    },
  ],

  summary: {
    id: 'Prosedur ini mengatur tata cara pelaksanaan perbaikan secara remote yang dilakukan personil dari luar ruang kerja LKPP/LPSE melalui jaringan internet.',
    en: 'This procedure governs how remote repairs are carried out by personnel from outside the LKPP/LPSE workspace over the internet.',
  },

  equipment: [
    {
      id: 'Form Laporan Pelaksanaan Perbaikan Secara Remote.',
      en: 'Remote Repair Execution Report Form.',
    },
  ],

  purpose: {
    id: 'Prosedur ini bertujuan untuk mencapai dan memelihara sistem perlindungan yang tepat terhadap aset sistem informasi LKPP/LPSE selama pelaksanaan perbaikan secara remote.',
    en: 'This procedure aims to achieve and maintain proper protection of LKPP/LPSE information-system assets during remote repair.',
  },

  // Pencatatan dan Pendataan: blank in the source.
  records: [],

  warnings: [
    {
      id: 'Pelaksana bertanggung jawab atas pelaksanaan aktivitas yang telah dihukumkan dan ditetapkan.',
      en: 'The executor is responsible for carrying out the activities as laid down and set.',
    },
    {
      id: 'Segala bentuk penyimpangan atas mutu baku terkait perlengkapan, waktu maupun output dikategorikan sebagai bentuk kegagalan yang harus dipertanggungjawabkan oleh pelaksana.',
      en: 'Any deviation from the quality standard (mutu baku) regarding equipment, time or output is categorised as a failure for which the executor must be held accountable.',
    },
  ],

  definitions: [
    {
      term: { id: 'Akses Remote', en: 'Remote Access' },
      meaning: {
        id: 'akses terhadap asset teknologi informasi yang dilakukan dari lokasi yang terpisah (jarak jauh) dengan menggunakan fasilitas jaringan internet/ekstranet.',
        en: 'access to information-technology assets from a separate (distant) location using internet/extranet network facilities.',
      },
    },
    {
      term: { id: 'Komputer host / server', en: 'Host computer / server' },
      meaning: {
        id: 'Komputer tempat data maupun aplikasi yang hendak diakses secara remote',
        en: 'The computer where the data or application to be accessed remotely resides',
      },
    },
    {
      term: { id: 'Administrator Sistem LPSE', en: 'LPSE System Administrator' },
      meaning: {
        id: 'personil LPSE yang bertugas untuk melakukan proses administrasi sistem dan jaringan LPSE agar aplikasi SPSE bisa berjalan dengan semestinya.',
        en: 'LPSE personnel tasked with administering the LPSE systems and network so that the SPSE application runs properly.',
      },
    },
  ],

  // Keterkaitan: blank in the source.
  relatedSops: [],

  provisions: {
    a1: {
      intro: {
        id: 'Untuk menastikasi keamanan proses perbaikan hal – hal berikut harus diperhatikan pada workstation (PC / Notebook) yang digunakan untuk melakukan perbaikan secara remote, yaitu',
        en: 'To ensure the security of the repair process, the following must be observed on the workstation (PC / Notebook) used to perform the remote repair, namely',
      },
      items: [
        {
          code: 'a',
          text: {
            id: 'Diusahakan menggunakan PC/Notebook milik Personil LKPP /LPSE.',
            en: 'Preferably use a PC/Notebook owned by LKPP/LPSE personnel.',
          },
          mandatory: true,
        },
        {
          code: 'b',
          text: {
            id: 'Perbaikan secara Remote yang dilakukan hanya dari jaringan kantor LPSE dan LKPP atau Alamat IP yang diijinkan.',
            en: 'Remote repair is performed only from the LPSE and LKPP office network or from allowed IP addresses.',
          },
          mandatory: true,
        },
        {
          code: 'c',
          text: {
            id: 'Akses remote tidak diijinkan untuk menggunakan akun root secara langsung.',
            en: 'Remote access is not allowed to use the root account directly.',
          },
          mandatory: true,
        },
        {
          code: 'd',
          text: {
            id: 'Memiliki kemampuan teknis untuk mendukung pelaksanaan akses secara remote.',
            en: 'Has the technical ability to support carrying out remote access.',
          },
          mandatory: true,
        },
        {
          code: 'e',
          text: {
            id: 'Terhubung ke internet melalui jaringan yang stabil dan aman (workstation tidak berada di tempat umum atau diakses oleh publik / umum dan menggunakan jaringan yang terlindungi dengan baik).',
            en: 'Connected to the internet over a stable and secure network (the workstation is not in a public place or accessed by the public / general public, and uses a well-protected network).',
          },
          mandatory: true,
        },
      ],
    },
    a2: {
      intro: {
        id: 'Sebagai dokumentasi, rincian pelaksanaan perbaikan secara remote berikut harus didokumentasikan :',
        en: 'For documentation, the following details of the remote repair must be documented:',
      },
      items: [
        {
          code: 'a',
          text: { id: 'Lokasi perbaikan', en: 'Location of the repair' },
          mandatory: true,
        },
        {
          code: 'b',
          text: { id: 'Jaringan yang digunakan', en: 'Network used' },
          mandatory: true,
        },
        {
          code: 'c',
          text: {
            id: 'Waktu pelaksanaan perbaikan (tanggal, waktu mulai akses, waktu selesai)',
            en: 'Time of the repair (date, access start time, end time)',
          },
          mandatory: true,
        },
        {
          code: 'd',
          text: {
            id: 'Analisa gangguan dan perbaikannya',
            en: 'Analysis of the fault and its repair',
          },
          mandatory: true,
        },
      ],
    },
  },

  steps: [
    {
      code: 'B1',
      activity: {
        id: 'Administrator Sistem LPSE/Dit E-Proc/Pihak yang diberikan kewenangan menerima laporan terjadinya gangguan yang bersifat urgent untuk segera ditangani',
        en: 'LPSE System Administrator/Dit E-Proc/Authorised party receives a report of an urgent fault that must be handled immediately',
      },
      executorRoles: EXECUTORS,
      requirement: { id: 'Laporan terjadinya gangguan', en: 'Fault report' },
      timeStandardMinutes: 60,
      output: { id: 'Informasi gangguan', en: 'Fault information' },
      note: null,
      marker: 'start',
      networkRestriction: null,
    },
    {
      code: 'B2',
      activity: {
        id: 'Administrator Sistem LPSE/Dit E-Proc/Pihak yang diberikan kewenangan menyiapkan workstation (PC/Notebook) yang sesuai untuk melakukan perbaikan secara remote sesuai dengan begin A nomor 2 di atas',
        en: 'LPSE System Administrator/Dit E-Proc/Authorised party prepares a suitable workstation (PC/Notebook) for performing the remote repair in accordance with section A number 2 above',
      },
      executorRoles: EXECUTORS,
      requirement: null,
      timeStandardMinutes: 60,
      output: { id: 'Perangkat siap digunakan', en: 'Device ready for use' },
      note: null,
      marker: null,
      networkRestriction: null,
    },
    {
      code: 'B3',
      activity: {
        id: 'Administrator Sistem LPSE/Dit E-Proc/Pihak yang diberikan kewenangan [mengakses] sistem yang mengalami gangguan',
        en: 'LPSE System Administrator/Dit E-Proc/Authorised party [accesses] the system experiencing the fault',
      },
      executorRoles: EXECUTORS,
      requirement: null,
      timeStandardMinutes: null,
      output: null,
      note: { id: 'Proses perbaikan', en: 'Repair process' },
      marker: null,
      networkRestriction: null,
    },
    {
      code: 'B4',
      activity: {
        id: 'Administrator Sistem LPSE/Dit E-Proc/Pihak yang diberikan kewenangan melakukan perbaikan awal untuk menutup gangguan sehingga sistem dapat berjalan kembali',
        en: 'LPSE System Administrator/Dit E-Proc/Authorised party performs an initial repair to close the fault so that the system can run again',
      },
      executorRoles: EXECUTORS,
      requirement: null,
      timeStandardMinutes: null,
      output: null,
      note: { id: 'Penyelesaian masalah', en: 'Problem resolution' },
      marker: null,
      networkRestriction: null,
    },
    {
      code: 'B5',
      activity: {
        id: 'Administrator Sistem LPSE/Dit E-Proc/Pihak yang diberikan kewenangan melakukan perbaikan lanjut dengan mencari akar penyebab gangguan dan memperbaiknya untuk mencegah gangguan terulang lagi. Perbaikan lanjut ini dilakukan melalui jaringan Intranet LKPP /LPSE',
        en: 'LPSE System Administrator/Dit E-Proc/Authorised party performs a follow-up repair by finding the root cause of the fault and fixing it to prevent the fault from recurring. This follow-up repair is carried out over the LKPP/LPSE Intranet',
      },
      executorRoles: EXECUTORS,
      requirement: null,
      timeStandardMinutes: null,
      output: null,
      note: { id: 'Analisa masalah dan perbaikan', en: 'Problem analysis and repair' },
      marker: null,
      networkRestriction: 'intranet',
    },
    {
      code: 'B6',
      activity: {
        id: 'Administrator Sistem LPSE/Dit E-Proc/Pihak yang diberikan kewenangan menyelesaikan perbaikan secara remote dalam Logbook',
        en: 'LPSE System Administrator/Dit E-Proc/Authorised party completes the remote repair in the Logbook',
      },
      executorRoles: EXECUTORS,
      requirement: null,
      timeStandardMinutes: 60,
      output: { id: 'Dokumentasi', en: 'Documentation' },
      note: null,
      marker: 'end',
      networkRestriction: null,
    },
  ],
});
