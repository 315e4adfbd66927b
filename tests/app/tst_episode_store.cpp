// The episode folder on disk: a full round trip, version 1 files, the fallbacks when
// episode.json cannot be read, autosaves offered at open, and EpisodeDocument's autosave timer.
#include "app/Edits.h"
#include "app/EpisodeDocument.h"
#include "app/EpisodeStore.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace onair::app;

namespace {

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

QByteArray readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject readJson(const QString& path) {
    return QJsonDocument::fromJson(readFile(path)).object();
}

// Every field of the document set to something other than its default.
Episode fullEpisode() {
    Episode e;
    e.sampleRate = 44100;
    EpisodeMetadata& m = e.edit.metadata;
    m = {"The Show",
         "Episode Title",
         12,
         3,
         "Ann Author",
         "What we said.",
         "2024-05-01",
         "de",
         "cover.png",
         "Publisher Ltd",
         "(c) 2024 Ann",
         "https://example.org/12"};
    Track host{QStringLiteral("Host"), 2, 2, false, -3.5, -0.25, true, false, {}};
    Track guest{QStringLiteral("Guest"), 0, 1, true, 1.5, 0.75, false, true, {}};
    e.tracks() = {host, guest};
    Take take;
    take.id = QStringLiteral("take1");
    take.started = QDateTime(QDate(2024, 5, 1), QTime(10, 20, 30, 123), Qt::UTC);
    take.device = QStringLiteral("USB Interface");
    take.hostApi = QStringLiteral("JACK");
    take.sampleRate = 44100;
    take.inputLatency = 0.0125;
    take.format = QStringLiteral("flac");
    take.frames = 88200;
    take.position = 4410;
    take.files = {{QStringLiteral("Host"), QStringLiteral("audio/take1-host.flac"), 2},
                  {QStringLiteral("Guest"), QStringLiteral("audio/take1-guest.flac"), 1}};
    take.gaps = {{1000, 64}, {50000, 128}};
    take.xruns = 2;
    take.droppedFrames = 192;
    take.status = QStringLiteral("device-lost");
    take.note = QStringLiteral("the interface was unplugged");
    e.takes = {take};
    e.imports = {{QStringLiteral("audio/import1.flac"), QStringLiteral("jingle.mp3"), 22050, 2,
                  QStringLiteral("mp3")}};
    e.script = QStringLiteral("script.md");
    Edits::placeTake(e, take);
    Clip jingle;
    jingle.source = e.imports.first().path;
    jingle.channels = 2;
    jingle.sourceFrames = 22050;
    jingle.sourceStart = 100;
    jingle.length = 20000;
    jingle.position = 100000;
    jingle.gainDb = -6.5;
    jingle.fadeIn = 441;
    jingle.fadeOut = 882;
    Edits::placeClip(e, 1, jingle);
    Edits::setFades(e, QStringLiteral("c1"), 10, 20);
    Edits::setClipGain(e, QStringLiteral("c1"), 2.25);
    Edits::addMarker(e, {{}, MarkerKind::Chapter, 4410, "Intro", "https://example.org/i", "i.png"});
    Edits::addMarker(e, {{}, MarkerKind::Retake, 9000, "say again", {}, {}});
    return e;
}

QString newEpisode(const QTemporaryDir& dir, const QString& title = QStringLiteral("Test")) {
    const QString folder = dir.filePath(QStringLiteral("show.onair"));
    const QString err = EpisodeStore::create(folder, title);
    return err.isEmpty() ? folder : QString();
}

} // namespace

class TestEpisodeStore : public QObject {
    Q_OBJECT
private slots:
    void fullyPopulatedEpisodeRoundTrips() {
        QTemporaryDir dir;
        const QString folder = newEpisode(dir);
        Episode e = fullEpisode();
        Edits::ensureTrackIds(e); // a loaded episode always has them
        QVERIFY(Edits::checkInvariants(e).isEmpty());
        QCOMPARE(e.tracks()[0].clips.size(), 1);
        QCOMPARE(e.markers().size(), 2);
        QVERIFY(EpisodeStore::save(folder, e).isEmpty());
        const OpenedEpisode opened = EpisodeStore::open(folder);
        QVERIFY2(opened.error.isEmpty(), qPrintable(opened.error));
        QVERIFY(opened.notices.isEmpty());
        QCOMPARE(opened.episode.toJson(), e.toJson());
        // toJson could drop a field on both sides; spot-check the loaded values themselves.
        const Episode& l = opened.episode;
        QCOMPARE(l.sampleRate, 44100.0);
        QCOMPARE(l.edit.metadata.copyright, QStringLiteral("(c) 2024 Ann"));
        QCOMPARE(l.edit.metadata.episodeNumber, 12);
        QCOMPARE(l.tracks()[0].pan, -0.25);
        QVERIFY(l.tracks()[0].mute && !l.tracks()[0].armed && l.tracks()[1].solo);
        QCOMPARE(l.tracks()[1].clips[1].fadeOut, 882);
        QCOMPARE(l.tracks()[1].clips[1].gainDb, -6.5);
        QCOMPARE(l.markers()[0].image, QStringLiteral("i.png"));
        QCOMPARE(l.markers()[1].kind, MarkerKind::Retake);
        QCOMPARE(l.takes[0].started, fullEpisode().takes[0].started);
        QCOMPARE(l.takes[0].gaps[1].frames, 128);
        QCOMPARE(l.takes[0].status, QStringLiteral("device-lost"));
        QCOMPARE(l.imports[0].codec, QStringLiteral("mp3"));
        QCOMPARE(l.script, QStringLiteral("script.md"));
        QCOMPARE(l.edit.nextId, e.edit.nextId);
    }

    void version1EpisodeLaysOutItsTakes() {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("old.onair"));
        QVERIFY(QDir().mkpath(folder + QStringLiteral("/audio")));
        writeFile(EpisodeStore::episodeFile(folder), R"({
            "format": "onair-episode", "version": 1, "title": "Old show",
            "tracks": [{"name": "Host", "firstChannel": 0, "channels": 1, "armed": true},
                       {"name": "Guest", "firstChannel": 1, "channels": 2, "armed": false}],
            "takes": [
              {"id": "t1", "sampleRate": 44100, "format": "wav", "frames": 1000,
               "files": [{"track": "Host", "path": "audio/t1-Host.wav", "channels": 1},
                         {"track": "Guest", "path": "audio/t1-Guest.wav", "channels": 2}]},
              {"id": "t2", "sampleRate": 44100, "format": "wav", "frames": 500,
               "files": [{"track": "Host", "path": "audio/t2-Host.wav", "channels": 1}]}]
        })");
        const OpenedEpisode opened = EpisodeStore::open(folder);
        QVERIFY2(opened.error.isEmpty(), qPrintable(opened.error));
        const Episode& e = opened.episode;
        QCOMPARE(e.title(), QStringLiteral("Old show"));
        QCOMPARE(e.sampleRate, 44100.0);
        QVERIFY(Edits::checkInvariants(e).isEmpty());
        QCOMPARE(e.takes[1].position, 1000);
        const auto& host = e.tracks()[0].clips;
        QCOMPARE(host.size(), 2);
        QCOMPARE(host[0].source, QStringLiteral("audio/t1-Host.wav"));
        QCOMPARE(host[0].position, 0);
        QCOMPARE(host[0].length, 1000);
        QCOMPARE(host[1].source, QStringLiteral("audio/t2-Host.wav"));
        QCOMPARE(host[1].position, 1000);
        QCOMPARE(host[1].length, 500);
        QCOMPARE(host[1].takeId, QStringLiteral("t2"));
        QCOMPARE(e.tracks()[1].clips.size(), 1);
        QCOMPARE(e.tracks()[1].clips[0].channels, 2);
        QCOMPARE(e.tracks()[1].channels, 2);
    }

    void newerVersionFallsBackToBackupThenAutosave() {
        QTemporaryDir dir;
        const QString folder = newEpisode(dir, QStringLiteral("first"));
        Episode e;
        e.edit.metadata.title = QStringLiteral("second");
        QVERIFY(EpisodeStore::save(folder, e).isEmpty()); // .bak: "first"
        QJsonObject newer = readJson(EpisodeStore::episodeFile(folder));
        newer[QStringLiteral("version")] = 99;
        writeFile(EpisodeStore::episodeFile(folder), QJsonDocument(newer).toJson());

        OpenedEpisode opened = EpisodeStore::open(folder);
        QVERIFY2(opened.error.isEmpty(), qPrintable(opened.error));
        QCOMPARE(opened.episode.title(), QStringLiteral("first"));
        QCOMPARE(opened.notices.size(), 1);
        QVERIFY2(opened.notices[0].contains(QStringLiteral("newer OnAir")) &&
                     opened.notices[0].contains(QStringLiteral("99")),
                 qPrintable(opened.notices[0]));

        writeFile(EpisodeStore::episodeFile(folder) + QStringLiteral(".bak"), "{\"format\": 1");
        e.edit.metadata.title = QStringLiteral("autosaved");
        QVERIFY(EpisodeStore::writeAutosave(folder, e).isEmpty());
        opened = EpisodeStore::open(folder);
        QVERIFY2(opened.error.isEmpty(), qPrintable(opened.error));
        QCOMPARE(opened.episode.title(), QStringLiteral("autosaved"));
        QVERIFY2(opened.notices.join(' ').contains(QStringLiteral("autosave")),
                 qPrintable(opened.notices.join(' ')));

        // Saving from this older program keeps the newer file, however often it saves.
        const QByteArray newerBytes = readFile(EpisodeStore::episodeFile(folder));
        QVERIFY(EpisodeStore::save(folder, opened.episode).isEmpty());
        QVERIFY(EpisodeStore::save(folder, opened.episode).isEmpty());
        QCOMPARE(readFile(folder + QStringLiteral("/episode.v99.json")), newerBytes);
    }

    void damagedJsonFallsBackWithANotice() {
        QTemporaryDir dir;
        const QString folder = newEpisode(dir, QStringLiteral("good"));
        QVERIFY(EpisodeStore::save(folder, EpisodeStore::open(folder).episode).isEmpty());
        const QByteArray whole = readFile(EpisodeStore::episodeFile(folder));
        writeFile(EpisodeStore::episodeFile(folder), whole.left(whole.size() / 2));
        const OpenedEpisode opened = EpisodeStore::open(folder);
        QVERIFY2(opened.error.isEmpty(), qPrintable(opened.error));
        QCOMPARE(opened.episode.title(), QStringLiteral("good"));
        QCOMPARE(opened.notices.size(), 1);
        QVERIFY2(opened.notices[0].contains(QStringLiteral("damaged JSON")) &&
                     opened.notices[0].contains(QStringLiteral("episode.json.bak")),
                 qPrintable(opened.notices[0]));
    }

    void nothingReadableIsAClearError() {
        QTemporaryDir dir;
        const QString folder = newEpisode(dir);
        writeFile(EpisodeStore::episodeFile(folder), "garbage");
        QFile::remove(EpisodeStore::episodeFile(folder) + QStringLiteral(".bak"));
        writeFile(EpisodeStore::autosaveFile(folder), "");
        OpenedEpisode opened = EpisodeStore::open(folder);
        QVERIFY(opened.error.contains(QStringLiteral("cannot open")));
        QVERIFY2(opened.error.contains(QStringLiteral("damaged JSON")), qPrintable(opened.error));
        QFile::remove(EpisodeStore::episodeFile(folder));
        opened = EpisodeStore::open(folder);
        QVERIFY(!opened.error.isEmpty());
        opened = EpisodeStore::open(dir.filePath(QStringLiteral("missing.onair")));
        QVERIFY(opened.error.contains(QStringLiteral("not an episode folder")));
    }

    void autosaveNewerThanTheEpisodeIsOffered() {
        QTemporaryDir dir;
        const QString folder = newEpisode(dir, QStringLiteral("saved"));
        Episode edited = EpisodeStore::open(folder).episode;
        edited.edit.metadata.title = QStringLiteral("edited");
        QVERIFY(EpisodeStore::writeAutosave(folder, edited).isEmpty());
        OpenedEpisode opened = EpisodeStore::open(folder);
        QVERIFY(opened.hasAutosave);
        QCOMPARE(opened.episode.title(), QStringLiteral("saved"));
        QCOMPARE(opened.autosaved.toJson(), edited.toJson());
        QVERIFY(opened.autosavedAt.isValid());

        // An autosave older than episode.json was already saved over: not offered.
        QFile autosave(EpisodeStore::autosaveFile(folder));
        QVERIFY(autosave.open(QIODevice::ReadWrite));
        QVERIFY(autosave.setFileTime(QDateTime::currentDateTime().addSecs(-3600),
                                     QFileDevice::FileModificationTime));
        autosave.close();
        QVERIFY(!EpisodeStore::open(folder).hasAutosave);
    }

    void documentAutosavesAfterAnEditAndSaveRemovesIt() {
        QTemporaryDir dir;
        const QString folder = newEpisode(dir);
        EpisodeDocument doc;
        QCOMPARE(doc.autosaveInterval(), 60000);
        doc.setAutosaveInterval(50);
        doc.adopt(folder, EpisodeStore::open(folder).episode);
        const QString autosave = EpisodeStore::autosaveFile(folder);
        QTest::qWait(150);
        QVERIFY(!QFile::exists(autosave)); // nothing edited, nothing to autosave
        QVERIFY(doc.edit("title",
                         [](Episode& e) {
                             EpisodeMetadata m = e.edit.metadata;
                             m.title = QStringLiteral("edited");
                             return Edits::setMetadata(e, m);
                         })
                    .isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(autosave), 2000);
        QCOMPARE(readJson(autosave), doc.episode().toJson());
        QVERIFY(EpisodeStore::open(folder).hasAutosave);
        QVERIFY(doc.save().isEmpty());
        QVERIFY(!QFile::exists(autosave));
        QCOMPARE(readJson(EpisodeStore::episodeFile(folder)), doc.episode().toJson());
        QVERIFY(!doc.modified());
    }

    void undoingBackToTheSavedStateDropsTheAutosave() {
        QTemporaryDir dir;
        const QString folder = newEpisode(dir);
        EpisodeDocument doc;
        doc.setAutosaveInterval(50);
        doc.adopt(folder, EpisodeStore::open(folder).episode);
        QVERIFY(doc.edit("marker", [](Episode& e) { return Edits::addMarker(e, {}); }).isEmpty());
        const QString autosave = EpisodeStore::autosaveFile(folder);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(autosave), 2000);
        doc.undoStack().undo();
        QVERIFY(!doc.modified());
        // The document equals episode.json again: a crash now has nothing unsaved to offer.
        QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(autosave), 2000);
        QVERIFY(!EpisodeStore::open(folder).hasAutosave);
    }

    void autosaveIsThrottledToOncePerInterval() {
        QTemporaryDir dir;
        const QString folder = newEpisode(dir);
        EpisodeDocument doc;
        doc.setAutosaveInterval(300); // stands in for the 60 s default
        doc.adopt(folder, EpisodeStore::open(folder).episode);
        QSignalSpy autosaved(&doc, &EpisodeDocument::autosaved);
        const auto rename = [&](const QString& title) {
            return doc.edit("title", [title](Episode& e) {
                EpisodeMetadata m = e.edit.metadata;
                m.title = title;
                return Edits::setMetadata(e, m);
            });
        };
        QVERIFY(rename("one").isEmpty());
        QTest::qWait(10);
        QVERIFY(rename("two").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(autosaved.size(), 1, 3000);
        QVERIFY(autosaved[0][0].toString().isEmpty());
        QCOMPARE(
            readJson(EpisodeStore::autosaveFile(folder))["metadata"].toObject()["title"].toString(),
            QStringLiteral("two"));
        QElapsedTimer sinceFirst;
        sinceFirst.start();
        QVERIFY(rename("three").isEmpty()); // right after an autosave: waits out the interval
        QTest::qWait(100);
        QCOMPARE(autosaved.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(autosaved.size(), 2, 3000);
        QVERIFY2(sinceFirst.elapsed() >= 250, qPrintable(QString::number(sinceFirst.elapsed())));
        QTest::qWait(400);
        QCOMPARE(autosaved.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestEpisodeStore)
#include "tst_episode_store.moc"
