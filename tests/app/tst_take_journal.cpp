// The journal of a take in progress and what the next open makes of it: the take's tracks
// (names, ids, channel map) and the markers added during it come back with it, whoever
// recorded it, onto an episode.json that never heard of those tracks.
#include "SignalFiles.h"
#include "app/Edits.h"
#include "app/EpisodeStore.h"
#include "app/Studio.h"
#include "app/TakeJournal.h"
#include "audio/AudioSystem.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace onair::app;

namespace {

constexpr qint64 takeFrames = 62000; // 1.29 s at 48 kHz
constexpr qint64 takePosition = 48000;

Marker mark(const QString& id, MarkerKind kind, qint64 at, const QString& title) {
    Marker m;
    m.id = id;
    m.kind = kind;
    m.at = at;
    m.title = title;
    return m;
}

// A take of Host (input 1) and Guest (input 2) at 1 s of the timeline, as onair-cli record
// --tracks "Host=1,Guest=2" journals it on an episode that had no tracks: ids t1 and t2 exist
// only in the recorder's memory. The prompter added a chapter and a retake mark.
TakeJournal hostAndGuest() {
    TakeJournal j;
    j.take.id = QStringLiteral("take-20240501-102030-123");
    j.take.sampleRate = 48000;
    j.take.format = QStringLiteral("float");
    j.take.position = takePosition;
    j.take.status = QStringLiteral("recording");
    j.take.files = {
        {QStringLiteral("Host"), QStringLiteral("audio/take-01-Host.wav"), 1, QStringLiteral("t1")},
        {QStringLiteral("Guest"), QStringLiteral("audio/take-02-Guest.wav"), 1,
         QStringLiteral("t2")}};
    j.tracks = {
        Track{.name = QStringLiteral("Host"), .firstChannel = 0, .id = QStringLiteral("t1")},
        Track{.name = QStringLiteral("Guest"), .firstChannel = 1, .id = QStringLiteral("t2")}};
    j.markers = {mark("m3", MarkerKind::Chapter, takePosition + 1000, "News"),
                 mark("m4", MarkerKind::Retake, takePosition + 30000, "Retake")};
    return j;
}

QString trackOf(const Episode& e, const QString& name) {
    const int t = e.findTrack(name);
    if (t < 0) {
        return QStringLiteral("none");
    }
    const Track& track = e.tracks()[t];
    QStringList clips;
    for (const Clip& c : track.clips) {
        clips << QStringLiteral("%1+%2 %3").arg(c.position).arg(c.length).arg(c.source);
    }
    return QStringLiteral("%1 in %2x%3: %4")
        .arg(track.id)
        .arg(track.firstChannel + 1)
        .arg(track.channels)
        .arg(clips.join(", "));
}

QString markersOf(const Episode& e) {
    QStringList out;
    for (const Marker& m : e.markers()) {
        out << QStringLiteral("%1 %2 %3@%4").arg(m.id, markerKindName(m.kind), m.title).arg(m.at);
    }
    return out.join(QStringLiteral(", "));
}

} // namespace

class TestTakeJournal : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); } // no user's settings

    void roundTripsTracksAndMarkers() {
        const TakeJournal j = hostAndGuest();
        const QByteArray bytes = QJsonDocument(j.toJson()).toJson();
        const TakeJournal back = TakeJournal::fromJson(QJsonDocument::fromJson(bytes).object());
        QCOMPARE(back.take.toJson(), j.take.toJson());
        QCOMPARE(back.tracks.size(), 2);
        QCOMPARE(back.tracks[1].name, QStringLiteral("Guest"));
        QCOMPARE(back.tracks[1].id, QStringLiteral("t2"));
        QCOMPARE(back.tracks[1].firstChannel, 1);
        QCOMPARE(back.tracks[1].channels, 1);
        QVERIFY(back.markers == j.markers);
        // A journal from before tracks and markers were journaled is a bare take.
        const TakeJournal old = TakeJournal::fromJson(j.take.toJson());
        QCOMPARE(old.take.toJson(), j.take.toJson());
        QVERIFY(old.tracks.isEmpty() && old.markers.isEmpty());
    }

    void openPutsTheTakeBackOnItsTracksWithItsMarkers() {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("show.onair"));
        QCOMPARE(EpisodeStore::create(folder, QStringLiteral("Killed")), QString());
        // What episode.json had before the take: a chapter before it, and one the host set
        // where the take starts (nothing was recorded there before: the take replaces no audio
        // under it, so it stays).
        OpenedEpisode before = EpisodeStore::open(folder);
        Edits::addMarker(before.episode, mark({}, MarkerKind::Chapter, 0, "Welcome"));
        Edits::addMarker(before.episode, mark({}, MarkerKind::Chapter, takePosition, "Part two"));
        QCOMPARE(EpisodeStore::save(folder, before.episode), QString());

        const TakeJournal j = hostAndGuest();
        for (const TakeFile& f : j.take.files) {
            const auto signal = onair::test::makeSignal(
                takeFrames, 1, [](std::int64_t i, int) { return float(i % 100) / 200.0f; });
            QCOMPARE(QString::fromStdString(onair::test::writeFloatWav(
                         (folder + '/' + f.path).toStdString(), signal, 1, 48000)),
                     QString());
        }
        QCOMPARE(EpisodeStore::writeJournal(folder, j), QString());

        const OpenedEpisode opened = EpisodeStore::open(folder);
        QCOMPARE(opened.error, QString());
        QCOMPARE(opened.notices,
                 QStringList{QStringLiteral("take take-20240501-102030-123 was recovered after "
                                            "OnAir stopped: 1.3 s on Host and Guest")});
        const Episode& e = opened.episode;
        QCOMPARE(e.takes.size(), 1);
        QCOMPARE(e.takes[0].frames, takeFrames);
        QCOMPARE(e.takes[0].status, QStringLiteral("recovered"));
        QCOMPARE(trackOf(e, "Host"),
                 QStringLiteral("t1 in 1x1: 48000+62000 audio/take-01-Host.wav"));
        QCOMPARE(trackOf(e, "Guest"),
                 QStringLiteral("t2 in 2x1: 48000+62000 audio/take-02-Guest.wav"));
        QCOMPARE(e.duration(), takePosition + takeFrames);
        QCOMPARE(markersOf(e), QStringLiteral("m1 chapter Welcome@0, m2 chapter Part two@48000, "
                                              "m3 chapter News@49000, m4 retake Retake@78000"));
        QVERIFY2(Edits::checkInvariants(e).isEmpty(),
                 qPrintable(Edits::checkInvariants(e).join('\n')));
        // Ids recorded elsewhere are never handed out again.
        QVERIFY(e.edit.nextId > 4);
        QCOMPARE(opened.recovered.size(), 1);

        // Saved with the take, and the journal gone: the next open finds the same episode.
        QVERIFY(QDir(folder + "/audio").entryList({"*.journal.json"}).isEmpty());
        const OpenedEpisode again = EpisodeStore::open(folder);
        QVERIFY(again.notices.isEmpty());
        QCOMPARE(again.episode.toJson(), e.toJson());
    }

    // A marker added mid-take rewrites the journal; what the journal holds at a kill is what
    // comes back. Here: a journal rewritten after the first write, as TakeRecorder does.
    void aRewrittenJournalBringsItsLatestMarkers() {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("show.onair"));
        QCOMPARE(EpisodeStore::create(folder, QStringLiteral("Killed")), QString());
        TakeJournal j = hostAndGuest();
        j.markers.clear();
        QCOMPARE(EpisodeStore::writeJournal(folder, j), QString());
        for (const TakeFile& f : j.take.files) {
            QCOMPARE(QString::fromStdString(onair::test::writeFloatWav(
                         (folder + '/' + f.path).toStdString(),
                         std::vector<float>(std::size_t(takeFrames), 0.25f), 1, 48000)),
                     QString());
        }
        j.markers = hostAndGuest().markers;
        QCOMPARE(EpisodeStore::writeJournal(folder, j), QString());
        const OpenedEpisode opened = EpisodeStore::open(folder);
        QCOMPARE(markersOf(opened.episode),
                 QStringLiteral("m3 chapter News@49000, m4 retake Retake@78000"));
    }

    // The studio killed mid-take after an autosave that already held the take's first
    // chapter (and an edit of the host's): taking the autosave back brings the edit, the take's
    // clips and both of its marks, the chapter once.
    void theStudioPutsTheTakeBackIntoTheAutosavedEdits() {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("show.onair"));
        QCOMPARE(EpisodeStore::create(folder, QStringLiteral("Killed")), QString());
        OpenedEpisode saved = EpisodeStore::open(folder);
        saved.episode.tracks() = {
            Track{.name = QStringLiteral("Host"), .id = QStringLiteral("t1")},
            Track{.name = QStringLiteral("Guest"), .firstChannel = 1, .id = QStringLiteral("t2")}};
        saved.episode.edit.nextId = 3;
        QCOMPARE(EpisodeStore::save(folder, saved.episode), QString());
        const TakeJournal j = hostAndGuest(); // its marks are m3 and m4
        Episode autosaved = saved.episode;
        autosaved.edit.metadata.title = QStringLiteral("Edited before the crash");
        autosaved.markers() = {j.markers[0]};
        autosaved.edit.nextId = 4;
        QTest::qWait(10); // newer than episode.json
        QCOMPARE(EpisodeStore::writeAutosave(folder, autosaved), QString());
        for (const TakeFile& f : j.take.files) {
            QCOMPARE(QString::fromStdString(onair::test::writeFloatWav(
                         (folder + '/' + f.path).toStdString(),
                         std::vector<float>(std::size_t(takeFrames), 0.25f), 1, 48000)),
                     QString());
        }
        QCOMPARE(EpisodeStore::writeJournal(folder, j), QString());

        onair::audio::AudioSystem system;
        Studio studio(system);
        QSignalSpy notices(&studio, &Studio::notice);
        QCOMPARE(studio.openEpisode(folder, [](const QDateTime&) { return true; }), QString());
        const Episode& e = studio.episode();
        QCOMPARE(e.title(), QStringLiteral("Edited before the crash"));
        QCOMPARE(trackOf(e, "Host"),
                 QStringLiteral("t1 in 1x1: 48000+62000 audio/take-01-Host.wav"));
        QCOMPARE(trackOf(e, "Guest"),
                 QStringLiteral("t2 in 2x1: 48000+62000 audio/take-02-Guest.wav"));
        QCOMPARE(markersOf(e), QStringLiteral("m3 chapter News@49000, m4 retake Retake@78000"));
        QVERIFY(Edits::checkInvariants(e).isEmpty());
        QVERIFY(std::any_of(notices.cbegin(), notices.cend(), [](const QList<QVariant>& n) {
            return n.first().toString().contains(
                QStringLiteral("was recovered after OnAir "
                               "stopped: 1.3 s on Host and Guest"));
        }));
    }
};

QTEST_GUILESS_MAIN(TestTakeJournal)
#include "tst_take_journal.moc"
