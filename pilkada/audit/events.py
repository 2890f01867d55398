"""Registry of audit event types.

Codes are stable: never renumber, rename or reuse one; add new codes at the end of their app's
block. A service may only log a code listed here, so a typo fails loudly in tests.
"""

EVENTS: dict[str, str] = {
    # accounts
    "accounts.user.created": "Pengguna dibuat",
    "accounts.user.updated": "Pengguna diubah",
    "accounts.user.login": "Pengguna masuk",
    "accounts.user.login_failed": "Gagal masuk",
    "accounts.user.logout": "Pengguna keluar",
    "accounts.token.created": "Token API dibuat",
    "accounts.token.revoked": "Token API dicabut",
    "accounts.2fa.enrolled": "Verifikasi dua langkah diaktifkan",
    "accounts.2fa.verified": "Kode verifikasi dua langkah diterima",
    "accounts.2fa.failed": "Kode verifikasi dua langkah ditolak",
    # wilayah
    "wilayah.loaded": "Data wilayah dimuat",
    "wilayah.created": "Wilayah ditambahkan",
    "wilayah.updated": "Wilayah diubah",
    # pemilihan
    "pemilihan.election.created": "Pemilihan dibuat",
    "pemilihan.contest.created": "Kontestasi dibuat",
    "pemilihan.pair.created": "Pasangan calon ditambahkan",
    "pemilihan.pair.updated": "Pasangan calon diubah",
    # tahapan
    "tahapan.stage.created": "Tahapan ditambahkan",
    "tahapan.stage.updated": "Tahapan diubah",
    "tahapan.rehearsal.started": "Simulasi dimulai",
    "tahapan.rehearsal.stopped": "Simulasi dihentikan",
    # tps
    "tps.created": "TPS dibuat",
    "tps.updated": "TPS diubah",
    "tps.bulk_created": "TPS dibuat (massal)",
    "tps.result_superseded": "Hasil TPS dibatalkan (HSU/PSU diperintahkan)",
    "tps.result_supersession_resolved": "Pembatalan hasil TPS diselesaikan (formulir baru)",
    # adhoc
    "adhoc.member.created": "Anggota badan ad hoc ditambahkan",
    "adhoc.member.updated": "Anggota badan ad hoc diubah",
    "adhoc.member.bulk_created": "Anggota badan ad hoc ditambahkan (massal)",
    # admin (back office edits go through AuditedModelAdmin)
    "admin.object.created": "Objek dibuat lewat admin",
    "admin.object.updated": "Objek diubah lewat admin",
    "admin.object.deleted": "Objek dihapus lewat admin",
    # demo
    "demo.loaded": "Data demo dimuat",
    # supervision
    "supervision.case.received": "Laporan pelanggaran diterima",
    "supervision.case.finding_created": "Temuan pengawas dicatat",
    "supervision.case.transition": "Status kasus pelanggaran diubah",
    "supervision.case.extended": "Batas putusan kasus diperpanjang 2 hari",
    "supervision.case.assigned": "Petugas kasus ditugaskan",
    "supervision.case.linked": "Laporan digabung ke kasus yang sama",
    "supervision.case.gakkumdu_event": "Tahap Sentra Gakkumdu dicatat",
    "supervision.case.evidence_added": "Bukti kasus ditambahkan",
    "supervision.reporter.viewed": "Identitas pelapor dibuka",
    "supervision.rawan.recorded": "Indikator TPS rawan dicatat",
    "supervision.checklist.answered": "Daftar periksa TPS diisi",
    "supervision.exported": "Rekap pengawasan diekspor",
    "supervision.holiday.loaded": "Hari libur dimuat",
    # counting
    "counting.photo.added": "Foto C.Hasil ditambahkan",
    "counting.photo.orphans_removed": "Berkas foto C.Hasil tanpa data dihapus",
    "counting.entry.submitted": "Entri C.Hasil disimpan",
    "counting.form.verified": "C.Hasil terverifikasi (entri ganda cocok)",
    "counting.entry.corrected": "Koreksi C.Hasil ditetapkan",
    "counting.import.done": "Impor C.Hasil (CSV)",
    "counting.keberatan.created": "Keberatan/kejadian khusus dicatat",
    "counting.keberatan.answered": "Keberatan dijawab",
    "counting.pleno.proposed": "Pleno rekapitulasi diajukan",
    "counting.pleno.locked": "Pleno rekapitulasi ditetapkan (terkunci)",
    "counting.demo.loaded": "Hasil demo dimuat",
    # logistics (issue #6)
    "logistics.items.synced": "Katalog logistik dilengkapi",
    "logistics.shipment.dispatched": "Logistik dikirim",
    "logistics.shipment.received": "Logistik diterima",
    "logistics.shipment.bulk_recorded": "Pengiriman logistik dicatat (massal)",
    "logistics.dpt_demo_set": "Jumlah DPT demo diisi untuk kebutuhan logistik",
    # budget (issue #6)
    "budget.grant.created": "NPHD (perjanjian hibah) dicatat",
    "budget.tranche.planned": "Rencana tahap pencairan hibah dibuat",
    "budget.grant.transferred": "Transfer hibah dicatat",
    "budget.realisation.recorded": "Realisasi belanja hibah dicatat",
    "budget.return.recorded": "Pengembalian sisa hibah dicatat",
    "budget.rate.synced": "Tarif honorarium dimuat",
    "budget.entitlement.computed": "Hak honorarium dihitung",
    "budget.pps_transfer.recorded": "Transfer honorarium ke rekening PPS dicatat",
    "budget.payout.recorded": "Pembayaran honorarium dicatat",
    "budget.payout.confirmed": "Penerimaan honorarium dikonfirmasi",
    "budget.bulk_recorded": "Data anggaran dicatat (massal)",
    # voters
    "voters.import.started": "Impor daftar pemilih dimulai",
    "voters.import.rejected": "Impor daftar pemilih ditolak (ada baris salah)",
    "voters.import.failed": "Impor daftar pemilih gagal dibaca",
    "voters.import.accepted": "Impor daftar pemilih diterima",
    "voters.import.accepted_partial": "Impor daftar pemilih diterima tanpa baris yang ditolak",
    "voters.import.discarded": "Impor daftar pemilih dibatalkan",
    "voters.duplicates.scanned": "Pencarian pemilih ganda dijalankan",
    "voters.duplicate.decided": "Pasangan kemungkinan ganda diputus",
    "voters.export.requested": "Ekspor daftar pemilih diminta",
    "voters.export.approved": "Ekspor daftar pemilih disetujui orang kedua",
    "voters.export.refused": "Ekspor daftar pemilih ditolak",
    "voters.export.downloaded": "Ekspor daftar pemilih diunduh",
    "voters.list.downloaded": "Daftar pemilih TPS diunduh",
}
