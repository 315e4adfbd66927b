// The script driving a recording, simulated: a virtual clock drives both the prompter and the
// record position (as the capture's frame counter would advance), the real parser reads a
// script, and the real EpisodeDocument takes the marks. Chapters must land at the frame being
// recorded when the reading line reached each heading; the flub key must mark a retake where
// the take is and move the prompter back to the sentence being read.
#include "app/EpisodeDocument.h"
#include "app/PromptedRecording.h"
#include "app/PrompterController.h"
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
        document.adopt(QStringLiteral("/nonexistent/sim.onair"), e);
        const ScriptParseResult parsed = parseScript(scriptText, ScriptSource::Stored);
        Q_ASSERT(parsed.error.isEmpty());
        prompter.setScript(parsed.script);
        prompter.setCountdownSeconds(3);
    }

    void startRecording(qint64 atFrame) {
        startFrame = atFrame;
        recordStartMs = nowMs;
        recording = true;
        coupling.setRecording(true);
    }
    void stopRecording() {
        recording = false;
        coupling.setRecording(false);
    }
    // Advances the clock tick by tick; remembers the record frame at which the reading line
    // first reached each section's first word.
    void run(double ms) {
        for (double t = 0; t < ms; t += stepMs) {
            nowMs += stepMs;
            prompter.update();
            for (int s = 0; s < prompter.script().sections.size(); ++s) {
                if (!reached.contains(s) && prompter.isRunning() &&
                    prompter.position() >= prompter.sectionStartWord(s)) {
                    reached[s] = startFrame + qint64((nowMs - recordStartMs) / 1000.0 * rate);
                }
            }
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

    double nowMs = 1000.0;
    double recordStartMs = 0.0;
    qint64 startFrame = 0;
    bool recording = false;
    QMap<int, qint64> reached;
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
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(chapters[i].title, titles[i]);
            QVERIFY2(s.reached.contains(i), "the reading line reached every section");
            // Within one tick of the frame being recorded when the heading was reached.
            const qint64 tick = qint64(stepMs / 1000.0 * rate);
            QVERIFY2(std::abs(chapters[i].at - s.reached[i]) <= tick,
                     qPrintable(QStringLiteral("%1: chapter at %2, heading read at %3")
                                    .arg(titles[i])
                                    .arg(chapters[i].at)
                                    .arg(s.reached[i])));
        }
        // The first heading is read when prompting starts: after the 3 s countdown.
        QVERIFY(std::abs(chapters[0].at - (5 + 3) * qint64(rate)) <= qint64(0.02 * rate));
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
