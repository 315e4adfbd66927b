// The studio window records through a real JACK server: Record in the GUI, a test client
// speaking a counter into PortAudio's inputs, meters moving, Stop, and a take in the episode.
#include "JackSignalClient.h"
#include "app/EpisodeScript.h"
#include "app/PrompterController.h"
#include "app/ReadingMap.h"
#include "app/Studio.h"
#include "audio/AudioSystem.h"
#include "ui/LevelMeterWidget.h"
#include "ui/MainWindow.h"
#include "ui/TimelineView.h"
#include "ui/TrackListWidget.h"
#include "ui/TrackRowWidget.h"

#include <QAction>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace onair;

namespace {
// Copies an episode folder as it is on disk (episode.json, audio/, script.md...).
bool copyFolder(const QString& from, const QString& to) {
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString target = to + path.mid(from.size());
        if (!QDir().mkpath(QFileInfo(target).path()) || !QFile::copy(path, target)) {
            return false;
        }
    }
    return true;
}

// The engine and a studio set to record through the test's JACK server.
struct JackStudio {
    JackStudio() {
        app::AudioSettings settings;
        settings.hostApi = QStringLiteral("JACK");
        studio.setSettings(settings);
    }
    audio::AudioSystem system;
    app::Studio studio{system};
};
} // namespace

class TestStudioRecording : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void recordsFromTheWindow() {
        JackStudio jack;
        QVERIFY(jack.system.isReady());
        app::Studio& studio = jack.studio;
        ui::MainWindow window(studio);
        window.resize(1100, 650);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QTemporaryDir dir;
        QCOMPARE(studio.newEpisode(dir.filePath("gui.onair"), "GUI take"), QString());
        QCOMPARE(studio.setTracks({{"Host", 0, 1, true}, {"Guest", 1, 1, true}}), QString());
        QTRY_COMPARE(window.trackList()->rows().size(), 2);

        test::JackSignalClient signal(2);
        QCOMPARE(QString::fromStdString(signal.open()), QString());
        auto* record = window.findChild<QAction*>(QStringLiteral("actionRecord"));
        auto* stop = window.findChild<QAction*>(QStringLiteral("actionStop"));
        QVERIFY(record->isEnabled());
        record->trigger();
        QVERIFY(studio.recording());
        QVERIFY(stop->isEnabled());
        QVERIFY(!record->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(signal.connectTo("PortAudio") >= 2, 5000);

        // The counter is a slow ramp (quiet at first): the meters must leave the floor.
        QTRY_VERIFY_WITH_TIMEOUT(window.trackList()->rows().at(0)->meter()->peakDb(0) >
                                     ui::LevelMeterWidget::floorDb,
                                 3000);
        QTRY_VERIFY(window.trackList()->rows().at(1)->meter()->peakDb(0) >
                    ui::LevelMeterWidget::floorDb);
        QTRY_VERIFY(window.meters()->peakDb(0) > ui::LevelMeterWidget::floorDb);
        QTest::qWait(1200);
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("transportClock"))->text() !=
                QStringLiteral("00:00:00.000"));
        QDir().mkpath(QStringLiteral("screenshots"));
        // The real screen mid-take is tst_recording_screen's recording.png (under Xvfb).
        window.grab().save(QStringLiteral("screenshots/recording-offscreen.png"));

        stop->trigger();
        QVERIFY(!studio.recording());
        QCOMPARE(studio.episode().takes.size(), 1);
        const app::Take& take = studio.episode().takes.first();
        QCOMPARE(take.status, QStringLiteral("complete"));
        QVERIFY(take.frames > 48000);
        QCOMPARE(take.files.size(), 2);
        for (const auto& f : take.files) {
            QVERIFY(QFile::exists(dir.filePath("gui.onair/" + f.path)));
        }
        QVERIFY(record->isEnabled());

        // The take lands as one clip per track at the record position; the playhead moves to
        // its end, so the next take follows on.
        for (int t = 0; t < 2; ++t) {
            QCOMPARE(studio.episode().tracks()[t].clips.size(), 1);
            const app::Clip& c = studio.episode().tracks()[t].clips.first();
            QCOMPARE(c.position, qint64(0));
            QCOMPARE(c.length, take.frames);
            QCOMPARE(c.takeId, take.id);
        }
        QCOMPARE(studio.playhead(), take.frames);
        QVERIFY(!studio.document().modified()); // the recorder saved episode.json

        // Space plays it back through the same JACK server: the playhead runs, the meters
        // show the output, Space again pauses where it got to.
        studio.setPlayhead(0);
        auto* play = window.findChild<QAction*>(QStringLiteral("actionPlay"));
        play->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(studio.playing(), 3000);
        QTRY_VERIFY_WITH_TIMEOUT(studio.playhead() > 12000, 3000);
        QTRY_VERIFY(window.meters()->peakDb(0) > ui::LevelMeterWidget::floorDb);
        QVERIFY(window.timeline()->isVisible());
        play->trigger();
        QTRY_VERIFY(!studio.playing());
        const qint64 pausedAt = studio.playhead();
        QTest::qWait(200);
        QCOMPARE(studio.playhead(), pausedAt);
        QCOMPARE(studio.transport().underruns(), quint64(0));

        // A second take recorded from 0.5 s replaces that part of the first on the timeline;
        // the first stays whole as a take lane, and undo puts its clips back.
        studio.setPlayhead(24000);
        record->trigger();
        QVERIFY(studio.recording());
        QTest::qWait(800);
        stop->trigger();
        QCOMPARE(studio.episode().takes.size(), 2);
        const app::Take& second = studio.episode().takes.last();
        QCOMPARE(second.position, qint64(24000));
        const auto& host = studio.episode().tracks()[0].clips;
        QCOMPARE(host.size(), take.frames > 24000 + second.frames ? 3 : 2);
        QCOMPARE(host[0].takeId, take.id);
        QCOMPARE(host[0].end(), qint64(24000));
        QCOMPARE(host[1].takeId, second.id);
        QCOMPARE(host[1].position, qint64(24000));
        studio.document().undoStack().undo();
        QCOMPARE(studio.episode().tracks()[0].clips.size(), 1);
        QCOMPARE(studio.episode().takes.size(), 2); // undo never loses a recording
    }

    // The script drives a real take: Record starts the prompter after its countdown, the
    // headings it reads become chapters at the frames being recorded, and F marks a flub.
    void theScriptDrivesTheTake() {
        JackStudio jack;
        QVERIFY(jack.system.isReady());
        app::Studio& studio = jack.studio;
        QTemporaryDir dir;
        const QString folder = dir.filePath("scripted.onair");
        QCOMPARE(studio.newEpisode(folder, "Scripted"), QString());
        QCOMPARE(studio.setTracks({{"Host", 0, 1, true}}), QString());
        QFile text(dir.filePath("script.txt"));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("Opening\n\nHello and welcome to the show, this is the first part.\n\n"
                   "The news\n\nHere is the news of the day, told in a few plain words.\n\n"
                   "Goodbye\n\nThat was the show, thanks for listening and see you soon.\n");
        text.close();
        QCOMPARE(
            app::importScript(folder, studio.document().episodeForRecording(), text.fileName()),
            QString());
        QCOMPARE(studio.document().save(), QString());

        ui::MainWindow window(studio); // opens with the episode's script in the prompter
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* prompter = window.findChild<app::PrompterController*>();
        QVERIFY(prompter);
        QCOMPARE(prompter->script().sections.size(), 3);
        prompter->setCountdownSeconds(1);
        prompter->setWordsPerMinute(400);

        test::JackSignalClient signal(1);
        QCOMPARE(QString::fromStdString(signal.open()), QString());
        window.findChild<QAction*>(QStringLiteral("actionRecord"))->trigger();
        QVERIFY(studio.recording());
        QCOMPARE(prompter->state(), app::PrompterController::State::Countdown);
        const auto chapters = [&] {
            QList<app::Marker> out;
            for (const auto& m : studio.episode().markers()) {
                if (m.kind == app::MarkerKind::Chapter) {
                    out << m;
                }
            }
            return out;
        };
        QTRY_COMPARE_WITH_TIMEOUT(chapters().size(), 3, 15000);
        // A foot pedal's P pauses the prompter, and the take goes on; again resumes.
        QTest::keyClick(&window, Qt::Key_P);
        QCOMPARE(prompter->state(), app::PrompterController::State::Paused);
        QVERIFY(studio.recording());
        QTest::keyClick(&window, Qt::Key_P);
        QVERIFY(prompter->isRunning());
        QTest::qWait(300);
        QTest::keyClick(&window, Qt::Key_F); // a flub in the last section
        QTest::qWait(300);
        // The marks are in the take's journal as they are made: a kill now would keep them.
        const QStringList journals =
            QDir(folder + "/audio").entryList({QStringLiteral("*.journal.json")});
        QCOMPARE(journals.size(), 1);
        QFile journalFile(folder + "/audio/" + journals.first());
        QVERIFY(journalFile.open(QIODevice::ReadOnly));
        const QJsonArray journaled =
            QJsonDocument::fromJson(journalFile.readAll()).object().value("markers").toArray();
        QCOMPARE(journaled.size(), studio.episode().markers().size());
        QCOMPARE(journaled.size(), 4); // 3 chapters and the flub's retake mark
        // What SIGKILL would leave right now: the folder as it is on disk.
        const QString killed = dir.filePath("killed.onair");
        QVERIFY(copyFolder(folder, killed));
        // Space stops the take, script or not.
        QTest::keyClick(&window, Qt::Key_Space);
        QVERIFY(!studio.recording());
        QCOMPARE(studio.episode().takes.size(), 1);

        const QList<app::Marker> marks = chapters();
        QCOMPARE(marks[0].title, QStringLiteral("Opening"));
        QCOMPARE(marks[1].title, QStringLiteral("The news"));
        QCOMPARE(marks[2].title, QStringLiteral("Goodbye"));
        // The first heading is read when the countdown ends, 1 s into the take; the others
        // follow at reading speed: the units between the headings at 400 wpm. The chapters go
        // where the clock says the heading was reached (not where a tick noticed it); what is
        // left is the recorder's start-up and its buffers against the clock: 50 ms.
        const app::ReadingMap map(prompter->script());
        const double rate = studio.episode().sampleRate;
        const auto secondsAt = [&](int section) {
            const int heading = prompter->script().sections[section].heading;
            return map.spans()[heading].start / (400.0 / 60.0);
        };
        QVERIFY2(std::abs(marks[0].at / rate - 1.0) < 0.1,
                 qPrintable(QString::number(marks[0].at / rate)));
        for (int i = 1; i < 3; ++i) {
            const double gap = (marks[i].at - marks[0].at) / rate;
            const double expected = secondsAt(i) - secondsAt(0);
            qInfo("%s: %.3f s after the first (expected %.3f s)", qPrintable(marks[i].title), gap,
                  expected);
            QVERIFY2(std::abs(gap - expected) < 0.05,
                     qPrintable(QStringLiteral("%1: %2 s after the first, expected %3 s")
                                    .arg(marks[i].title)
                                    .arg(gap)
                                    .arg(expected)));
        }
        int retakes = 0;
        for (const auto& m : studio.episode().markers()) {
            if (m.kind == app::MarkerKind::Retake) {
                ++retakes;
                QVERIFY(m.at > marks[2].at);
                QVERIFY(m.at <= studio.episode().takes.first().frames);
            }
        }
        QCOMPARE(retakes, 1);
        // The marks were saved with the take (the recorder writes episode.json).
        QVERIFY(!studio.document().modified());

        // The copy taken mid-take opens with the take put back, the marks with it, and says so.
        {
            app::Studio reopened(jack.system);
            QSignalSpy notices(&reopened, &app::Studio::notice);
            QCOMPARE(reopened.openEpisode(killed), QString());
            QString notice;
            for (const auto& n : notices) {
                if (n.first().toString().contains(QStringLiteral("was recovered"))) {
                    notice = n.first().toString();
                }
            }
            QVERIFY2(notice.contains(QStringLiteral("was recovered after OnAir stopped: ")) &&
                         notice.endsWith(QStringLiteral(" s on Host")),
                     qPrintable(notice));
            QCOMPARE(reopened.episode().tracks().size(), 1);
            QCOMPARE(reopened.episode().tracks()[0].clips.size(), 1);
            QVERIFY(reopened.episode().tracks()[0].clips[0].length > 0);
            QCOMPARE(reopened.episode().markers().size(), 4);
            for (int i = 0; i < 4; ++i) {
                const QJsonObject m = journaled.at(i).toObject();
                QCOMPARE(reopened.episode().markers()[i].title, m.value("title").toString());
                QCOMPARE(reopened.episode().markers()[i].at, m.value("at").toInteger());
            }
        }

        // A punch-in over "The news": the heading is read again and its chapter replaces the
        // old one, as the take replaces the audio (one chapter per heading, not two).
        studio.setPlayhead(marks[1].at);
        prompter->jumpToWord(prompter->sectionStartWord(1));
        window.findChild<QAction*>(QStringLiteral("actionRecord"))->trigger();
        QVERIFY(studio.recording());
        QTRY_COMPARE_WITH_TIMEOUT(chapters().size(), 5, 15000); // the new two, the old three
        QTest::qWait(1000); // well past the old take's retake mark
        QTest::keyClick(&window, Qt::Key_Space);
        QVERIFY(!studio.recording());
        const app::Take& punch = studio.episode().takes.last();
        QVERIFY2(punch.position + punch.frames > marks[2].at, "the take went past Goodbye");
        const QList<app::Marker> after = chapters();
        QStringList titles;
        for (const auto& m : after) {
            titles << m.title;
        }
        QCOMPARE(titles, (QStringList{"Opening", "The news", "Goodbye"}));
        QCOMPARE(after[0], marks[0]);       // before the punch-in: untouched
        QVERIFY(after[1].at > marks[1].at); // read 1 s into the new take (its countdown)
        for (const auto& m : studio.episode().markers()) {
            QVERIFY2(m.kind == app::MarkerKind::Chapter, "the old take's retake mark went");
        }
    }
};

QTEST_MAIN(TestStudioRecording)
#include "tst_studio_recording.moc"
