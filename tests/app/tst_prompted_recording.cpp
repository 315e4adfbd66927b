// The script driving a recording, simulated: a virtual clock drives both the prompter and the
// record position (as the capture's frame counter would advance), the real parser reads a
// script, and the real EpisodeDocument takes the marks. Chapters must land at the frame being
// recorded when the reading line reached each heading; the flub key must mark a retake where
// the take is and move the prompter back to the sentence being read.
#include "app/Edits.h"
#include "app/EpisodeDocument.h"
#include "app/PromptedRecording.h"
#include "app/PrompterController.h"
#include "app/ReadingMap.h"
#include "app/ScriptParser.h"

#include <QTest>

using namespace onair::app;

namespace {

constexpr double rate = 48000.0;
constexpr double stepMs = 10.0; // the frame tick of this simulation

const char* scriptText = "# Welcome\n\nHello and welcome to the show. This is the opening.\n\n"
                         "# News\n\nFirst story of the day. Second story, told briefly. A third "
                         "one.\n\n# Goodbye\n\nThanks for listening. See you next week.\n";

class Session {
public:
    Session()
        : prompter([this] { return nowMs; })
        , coupling(document, prompter, [this]() -> std::optional<qint64> {
            if (!recording) {
                return std::nullopt;
            }
            return startFrame + qint64((nowMs - recordStartMs) / 1000.0 * rate);
        }) {
        Episode e;
        e.sampleRate = rate;
        e.tracks() = {Track{.name = QStringLiteral("Host")}};
        document.adopt(QStringLiteral("/nonexistent/sim.onair"), e);
        const ScriptParseResult parsed = parseScript(scriptText, ScriptSource::Stored);
        Q_ASSERT(parsed.error.isEmpty());
        prompter.setScript(parsed.script);
        prompter.setCountdownSeconds(3);
    }

    void startRecording(qint64 atFrame) {
        markersAtStart = document.episode().markers();
        startFrame = atFrame;
        recordStartMs = nowMs;
        recording = true;
        coupling.setRecording(true);
    }
    void stopRecording() {
        recording = false;
        coupling.setRecording(false);
    }
    // Ends the take as TakeRecorder::stop does: its file on Host, at where it was recorded,
    // as a punch-in with the markers it added.
    void stopTake() {
        Take take;
        take.id = QStringLiteral("take-%1").arg(++takes);
        take.sampleRate = rate;
        take.position = startFrame;
        take.frames = qint64((nowMs - recordStartMs) / 1000.0 * rate);
        take.files = {{QStringLiteral("Host"), take.id + QStringLiteral(".wav"), 1}};
        stopRecording();
        const QString err = document.edit(QStringLiteral("Record take"), [&](Episode& e) {
            e.takes.append(take);
            return Edits::punchIn(e, take, Edits::markersAdded(markersAtStart, e.markers()));
        });
        Q_ASSERT(err.isEmpty());
    }
    // Advances the clock tick by tick, as the frame timer would.
    void run(double ms) {
        for (double t = 0; t < ms; t += stepMs) {
            nowMs += stepMs;
            prompter.update();
        }
    }
    QList<Marker> markers(MarkerKind kind) const {
        QList<Marker> out;
        for (const Marker& m : document.episode().markers()) {
            if (m.kind == kind) {
                out << m;
            }
        }
        return out;
    }

    QList<Marker> markersAtStart;
    int takes = 0;
    double nowMs = 1000.0;
    double recordStartMs = 0.0;
    qint64 startFrame = 0;
    bool recording = false;
    EpisodeDocument document;
    PrompterController prompter;
    PromptedRecording coupling;
};

} // namespace

class TstPromptedRecording : public QObject {
    Q_OBJECT
private slots:
    void chaptersLandWhereTheHeadingsWereRead() {
        Session s;
        s.startRecording(5 * qint64(rate)); // the take lands 5 s into the episode
        QCOMPARE(s.prompter.state(), PrompterController::State::Countdown);
        s.run(2500);
        QVERIFY2(s.markers(MarkerKind::Chapter).isEmpty(), "no chapter during the countdown");
        s.run(60000);
        const QList<Marker> chapters = s.markers(MarkerKind::Chapter);
        QCOMPARE(chapters.size(), 3);
        const QStringList titles{"Welcome", "News", "Goodbye"};
        // Where each heading reached the reading line, from the script alone: the countdown's
        // end (3 s after Record) plus the heading's place on the reading clock at 150 wpm. The
        // ticks notice it up to 10 ms later; the chapter must still be at that exact frame.
        const ReadingMap map(s.prompter.script());
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(chapters[i].title, titles[i]);
            const int heading = s.prompter.script().sections[i].heading;
            const double seconds = 3.0 + map.spans()[heading].start * 60.0 / 150.0;
            const qint64 expected = 5 * qint64(rate) + qint64(std::llround(seconds * rate));
            QVERIFY2(std::abs(chapters[i].at - expected) <= 1,
                     qPrintable(QStringLiteral("%1: chapter at %2, the heading was read at %3")
                                    .arg(titles[i])
                                    .arg(chapters[i].at)
                                    .arg(expected)));
        }
        // Each chapter is one undo step.
        QCOMPARE(s.document.undoStack().count(), 3);
    }

    void flubMarksARetakeAndGoesBackOneSentence() {
        Session s;
        s.startRecording(0);
        s.run(3000); // countdown
        const int news = 1;
        s.prompter.jumpToWord(s.prompter.sectionStartWord(news));
        s.run(2200); // into "First story of the day. Second story, ..."
        const double before = s.prompter.position();
        const int sentence = s.prompter.script().sentenceStart(before);
        QVERIFY2(before > sentence + 1, "reading inside a sentence");
        const qint64 expected = qint64((s.nowMs - s.recordStartMs) / 1000.0 * rate);
        const QString id = s.coupling.flub();
        QVERIFY(!id.isEmpty());
        const QList<Marker> retakes = s.markers(MarkerKind::Retake);
        QCOMPARE(retakes.size(), 1);
        QCOMPARE(retakes[0].at, expected);
        QCOMPARE(s.prompter.position(), double(sentence));
        // Reading the section again does not add its chapter twice in one take.
        const int chaptersBefore = int(s.markers(MarkerKind::Chapter).size());
        s.prompter.jumpToWord(s.prompter.sectionStartWord(news) - 1);
        s.run(1000);
        QCOMPARE(int(s.markers(MarkerKind::Chapter).size()), chaptersBefore);
    }

    // The prompter's view may be hidden (another dock tab in front): the coupling ticks the
    // prompter itself while recording, so chapters still come, at the right frames.
    void chaptersComeWithoutAView() {
        Session s;
        s.startRecording(0);
        for (int i = 0; i < 400 && s.markers(MarkerKind::Chapter).size() < 3; ++i) {
            s.nowMs += 100.0; // the virtual clock runs 100 ms per 5 ms of real time
            QTest::qWait(5);
        }
        QCOMPARE(s.markers(MarkerKind::Chapter).size(), 3);
        const ReadingMap map(s.prompter.script());
        const double seconds =
            3.0 + map.spans()[s.prompter.script().sections[2].heading].start * 60.0 / 150.0;
        QVERIFY(std::abs(s.markers(MarkerKind::Chapter)[2].at - qint64(seconds * rate)) <= 1);
    }

    void stoppingDuringTheCountdownStopsThePrompter() {
        Session s;
        s.startRecording(0);
        s.run(1000);
        QCOMPARE(s.prompter.state(), PrompterController::State::Countdown);
        s.stopRecording();
        s.run(5000);
        QVERIFY(!s.prompter.isRunning());
        QCOMPARE(s.prompter.position(), 0.0);
    }

    // Fixing a typo mid-take: the prompter keeps scrolling from the same word, and headings
    // already read (and chaptered) are not chaptered again.
    void editingTheScriptMidTakeKeepsPrompting() {
        Session s;
        s.startRecording(0);
        s.run(3000 + 8000); // into "News"
        QCOMPARE(s.markers(MarkerKind::Chapter).size(), 2);
        const double before = s.prompter.position();
        const ScriptParseResult edited = parseScript(
            QByteArray(scriptText).replace("First story", "The first story"), ScriptSource::Stored);
        s.prompter.replaceScript(edited.script);
        QVERIFY(s.prompter.isRunning());
        QVERIFY(std::abs(s.prompter.position() - before) < 0.01);
        s.run(60000);
        const QList<Marker> chapters = s.markers(MarkerKind::Chapter);
        QCOMPARE(chapters.size(), 3);
        QCOMPARE(chapters[2].title, QStringLiteral("Goodbye"));
    }

    // Recording "News" again (a punch-in from its chapter on): the heading is read again and
    // its new chapter replaces the old one, as the take replaces the audio; so does "Goodbye",
    // read within the new take. One chapter per heading, each where the new take read it.
    void aPunchInReplacesTheChaptersItRecordsOver() {
        Session s;
        s.startRecording(0);
        s.run(60000);
        s.stopTake();
        const QList<Marker> first = s.markers(MarkerKind::Chapter);
        QCOMPARE(first.size(), 3);
        const int news = 1;
        s.prompter.jumpToWord(s.prompter.sectionStartWord(news));
        s.startRecording(first[news].at);
        s.run(60000);
        s.stopTake();
        const QList<Marker> after = s.markers(MarkerKind::Chapter);
        QStringList titles;
        for (const Marker& m : after) {
            titles << m.title;
        }
        QCOMPARE(titles, (QStringList{"Welcome", "News", "Goodbye"}));
        QCOMPARE(after[0], first[0]);
        // The new take's countdown: "News" is read 3 s after its Record, "Goodbye" as long
        // after "News" as in the first take.
        QVERIFY(std::abs(after[1].at - (first[news].at + 3 * qint64(rate))) <= 1);
        QVERIFY(std::abs((after[2].at - after[1].at) - (first[2].at - first[1].at)) <= 1);
    }

    void nothingIsMarkedWithoutARecording() {
        Session s;
        s.prompter.start(0);
        s.run(60000);
        QVERIFY(s.document.episode().markers().isEmpty());
        QVERIFY(s.coupling.flub().isEmpty());
        QVERIFY(s.document.episode().markers().isEmpty());
    }

    void promptingCanStayManual() {
        Session s;
        s.coupling.setStartWithRecording(false);
        s.startRecording(0);
        QCOMPARE(s.prompter.state(), PrompterController::State::Idle);
        s.stopRecording();
    }

    void playbackShowsTheSectionAtThePlayhead() {
        Session s;
        s.startRecording(0);
        s.run(60000);
        s.stopRecording();
        const QList<Marker> chapters = s.markers(MarkerKind::Chapter);
        QCOMPARE(chapters.size(), 3);
        s.prompter.stop();
        s.coupling.followPlayhead(chapters[1].at + 100);
        QCOMPARE(s.prompter.currentSection(), 1);
        s.coupling.followPlayhead(chapters[2].at);
        QCOMPARE(s.prompter.currentSection(), 2);
        s.coupling.followPlayhead(0);
        QCOMPARE(s.prompter.currentSection(), 0);
    }
};

QTEST_GUILESS_MAIN(TstPromptedRecording)
#include "tst_prompted_recording.moc"
