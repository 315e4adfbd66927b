// The prompter's clock driven by a fake clock: where the reading line is at time t, how speed
// changes, pauses, the countdown and jumps move it, and when headings are reported as crossed.
#include "ScriptFixture.h"
#include "app/PrompterController.h"

#include <QSignalSpy>
#include <QTest>

using namespace onair;
using app::PrompterController;

namespace {

// Blocks (words / reading units: a word each, 2 for a wordless line, 2 more after a heading):
//   0 heading "Opening"            word 0        units 0-3
//   1 paragraph, 10 words          words 1-10    units 3-13   sentences at 1, 6
//   2 "[MUSIC]" (no words)         at word 11    units 13-15
//   3 heading "Second part"        words 11-12   units 15-19
//   4 paragraph, 20 words          words 13-32   units 19-39  sentences at 13, 20, 27
//   5 heading "Third"              word 33       units 39-42
//   6 paragraph, 10 words          words 34-43   units 42-52
app::Script testScript() {
    return test::makeScript({
        test::heading("Opening"),
        test::para("One two three four five. Six seven eight nine ten."),
        test::para("[MUSIC]"),
        test::heading("Second part"),
        test::para("HOST: A b c d e f g. H i j k l m n. O p q r s t."),
        test::heading("Third"),
        test::para("[PAUSE] A b c d e f g h i j."),
    });
}

constexpr double wps = 150.0 / 60.0; // words per second at the default speed

} // namespace

class TestPrompterController : public QObject {
    Q_OBJECT
    qint64 now_ = 100000; // any origin: nothing may assume the clock starts at zero
    std::unique_ptr<PrompterController> c_;

    // Advances the fake clock in frame ticks of `stepMs`, calling update() on each.
    void run(qint64 ms, qint64 stepMs = 10) {
        for (qint64 end = now_ + ms; now_ < end;) {
            now_ = std::min(end, now_ + stepMs);
            c_->update();
        }
    }

private slots:
    void init() {
        c_ = std::make_unique<PrompterController>([this] { return now_; });
        c_->setScript(testScript());
    }

    void fixtureIsWhatTheTestsAssume() {
        const app::Script& s = c_->script();
        QCOMPARE(s.wordCount, 44);
        QCOMPARE(s.blocks.size(), 7);
        QCOMPARE(s.blocks[2].wordCount, 0);
        QCOMPARE(s.blocks[4].firstWord, 13);
        QCOMPARE(s.blocks[4].sentences, (QList<int>{13, 20, 27}));
        QCOMPARE(s.sections.size(), 3);
        QCOMPARE(c_->readingMap().totalUnits(), 52.0);
    }

    void positionIsAFunctionOfTime() {
        QCOMPARE(c_->wordsPerMinute(), 150.0);
        c_->jumpToWord(1); // the first paragraph: one unit per word
        QCOMPARE(c_->readingUnits(), 3.0);
        c_->start(0);
        QVERIFY(c_->isRunning());
        const qint64 t0 = now_;
        for (const qint64 dt : {0, 400, 1000, 1999, 2000, 3700, 4000}) {
            now_ = t0 + dt;
            QCOMPARE(c_->position(), 1 + dt / 1000.0 * wps);
        }
        // Over the wordless block the next word stays at the line: 2 units = 0.8 s.
        now_ = t0 + 4400; // units 14: half way through "[MUSIC]"
        QCOMPARE(c_->readingUnits(), 14.0);
        QCOMPARE(c_->position(), 11.0);
        now_ = t0 + 4800; // units 15: "Second part", 2 words over 4 units
        QCOMPARE(c_->position(), 11.0);
        now_ = t0 + 5200; // units 16
        QCOMPARE(c_->position(), 11.5);
        now_ = t0 + 6400; // units 19
        QCOMPARE(c_->position(), 13.0);
        // Ticks do not change it: update() only reports.
        c_->update();
        c_->update();
        QCOMPARE(c_->position(), 13.0);
    }

    void speedChangeKeepsPositionAndChangesSlope() {
        QSignalSpy speed(c_.get(), &PrompterController::speedChanged);
        c_->jumpToWord(1);
        c_->start(0);
        const qint64 t0 = now_;
        run(2000, 16);
        QCOMPARE(c_->position(), 6.0);
        c_->setWordsPerMinute(300);
        QCOMPARE(c_->position(), 6.0); // no jump at the change
        QCOMPARE(speed.size(), 1);
        now_ = t0 + 2500;
        QCOMPARE(c_->position(), 6.0 + 0.5 * 5.0); // 5 words a second now
        now_ = t0 + 3000;
        QCOMPARE(c_->position(), 11.0);
        c_->slower(); // 290
        QCOMPARE(c_->position(), 11.0);
        now_ += 600; // units 13 + 2.9: into "Second part"
        QCOMPARE(c_->readingUnits(), 15.9);
    }

    void speedIsClampedAndStepped() {
        c_->setWordsPerMinute(1000);
        QCOMPARE(c_->wordsPerMinute(), 400.0);
        c_->faster();
        QCOMPARE(c_->wordsPerMinute(), 400.0);
        c_->setWordsPerMinute(45);
        c_->slower();
        QCOMPARE(c_->wordsPerMinute(), 40.0);
        c_->faster();
        QCOMPARE(c_->wordsPerMinute(), 50.0);
    }

    void pauseAndResume() {
        QSignalSpy running(c_.get(), &PrompterController::runningChanged);
        c_->jumpToWord(1);
        c_->start(0);
        run(2000);
        c_->pause();
        QCOMPARE(c_->state(), PrompterController::State::Paused);
        QCOMPARE(c_->position(), 6.0);
        run(10000); // paused: nothing moves
        QCOMPARE(c_->position(), 6.0);
        c_->toggle(); // resume
        QVERIFY(c_->isRunning());
        run(2000);
        QCOMPARE(c_->position(), 11.0);
        c_->toggle(); // pause
        QCOMPARE(c_->state(), PrompterController::State::Paused);
        QCOMPARE(running.size(), 4);
        QCOMPARE(running[0][0].toBool(), true);
        QCOMPARE(running[1][0].toBool(), false);
        QCOMPARE(running[2][0].toBool(), true);
        QCOMPARE(running[3][0].toBool(), false);
    }

    void countdownThenRunning() {
        QSignalSpy countdown(c_.get(), &PrompterController::countdownChanged);
        QSignalSpy running(c_.get(), &PrompterController::runningChanged);
        c_->jumpToWord(1);
        const qint64 t0 = now_;
        c_->start(3);
        QCOMPARE(c_->state(), PrompterController::State::Countdown);
        QCOMPARE(c_->countdownSecondsLeft(), 3);
        run(999, 37);
        QCOMPARE(c_->countdownSecondsLeft(), 3);
        QCOMPARE(c_->position(), 1.0);
        run(2000, 50); // to t0 + 2999
        QCOMPARE(c_->countdownSecondsLeft(), 1);
        QCOMPARE(c_->state(), PrompterController::State::Countdown);
        QCOMPARE(c_->position(), 1.0);
        QCOMPARE(running.size(), 0);
        now_ = t0 + 3000;
        c_->update();
        QVERIFY(c_->isRunning());
        QCOMPARE(running.size(), 1);
        QList<int> shown;
        for (const auto& args : countdown) {
            shown << args[0].toInt();
        }
        QCOMPARE(shown, (QList<int>{3, 2, 1, 0}));
        // Reading starts at the countdown's end, whatever the tick that noticed it.
        now_ = t0 + 5000;
        QCOMPARE(c_->position(), 6.0);
    }

    void countdownEndIsTheAnchorEvenWithoutTicks() {
        c_->jumpToWord(1);
        const qint64 t0 = now_;
        c_->start(3);
        now_ = t0 + 4000; // no update() in between
        QCOMPARE(c_->position(), 3.5);
    }

    void nextAndPreviousSection() {
        QCOMPARE(c_->currentSection(), 0);
        c_->nextSection();
        QCOMPARE(c_->position(), 11.0); // "Second part" (its heading block, after the cue)
        QCOMPARE(c_->readingUnits(), 15.0);
        QCOMPARE(c_->currentSection(), 1);
        c_->nextSection();
        QCOMPARE(c_->position(), 33.0);
        QCOMPARE(c_->currentSection(), 2);
        c_->nextSection(); // the last: stays
        QCOMPARE(c_->position(), 33.0);
        c_->previousSection(); // at a section's start: the one before
        QCOMPARE(c_->position(), 11.0);
        c_->jumpToWord(20); // 9 words into "Second part"
        QCOMPARE(c_->position(), 20.0);
        c_->previousSection(); // into it: its start
        QCOMPARE(c_->position(), 11.0);
        c_->jumpToWord(13); // 2 words in (the heading's): not more than 2, so the one before
        c_->previousSection();
        QCOMPARE(c_->position(), 0.0);
        c_->previousSection();
        QCOMPARE(c_->position(), 0.0);
    }

    // Read the whole script in 7 ms frames: each heading is reported once, on the first frame
    // at or after the clock time its heading reaches the line (from word indices and speed).
    void headingsCrossedOnceAtTheirTime() {
        QSignalSpy crossed(c_.get(), &PrompterController::headingCrossed);
        QSignalSpy finished(c_.get(), &PrompterController::finished);
        QList<qint64> at;
        connect(c_.get(), &PrompterController::headingCrossed, this, [&] { at << now_; });
        const qint64 t0 = now_;
        c_->start(0);
        run(30000, 7);
        QCOMPARE(crossed.size(), 3);
        QCOMPARE(finished.size(), 1);
        const app::Script& s = c_->script();
        // Expected: words before the heading, plus 2 units per heading and per wordless line
        // before it (see testScript()).
        const double unitsOf[] = {0, s.sections[1].firstWord + 2.0 + 2.0,
                                  s.sections[2].firstWord + 2.0 * 3};
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(crossed[i][0].toInt(), i);
            const double expected = t0 + unitsOf[i] / wps * 1000.0;
            QVERIFY2(at[i] >= expected && at[i] < expected + 7,
                     qPrintable(QStringLiteral("heading %1 at %2 ms, expected %3")
                                    .arg(i)
                                    .arg(at[i] - t0)
                                    .arg(expected - t0)));
        }
        QCOMPARE(c_->state(), PrompterController::State::Finished);
        QCOMPARE(c_->position(), 44.0);
        QVERIFY(!c_->isRunning());
    }

    void headingsNotCrossedBackwards() {
        QSignalSpy crossed(c_.get(), &PrompterController::headingCrossed);
        c_->start(0);
        run(6500); // past "Second part" (at 15 units: 6 s)
        QCOMPARE(crossed.size(), 2);
        c_->jumpToWord(5); // back across it: nothing
        c_->previousSection();
        QCOMPARE(c_->position(), 0.0);
        run(100);
        QCOMPARE(crossed.size(), 3); // reading "Opening" again from its start: reported again
        QCOMPARE(crossed.back()[0].toInt(), 0);
        c_->nextSection(); // forward jump while running: reported at the jump, once
        QCOMPARE(crossed.size(), 4);
        QCOMPARE(crossed.back()[0].toInt(), 1);
        run(1000);
        QCOMPARE(crossed.size(), 4);
        c_->jumpToWord(3);  // back again, then a forward jump over two headings:
        c_->jumpToWord(40); // only the section it lands in counts as read
        QCOMPARE(crossed.size(), 5);
        QCOMPARE(crossed.back()[0].toInt(), 2);
    }

    void noCrossingsWhenNotRunning() {
        QSignalSpy crossed(c_.get(), &PrompterController::headingCrossed);
        c_->nextSection(); // idle
        c_->showWord(40);  // playback following
        QCOMPARE(c_->position(), 40.0);
        c_->pause();
        QCOMPARE(crossed.size(), 0);
        c_->showWord(12);
        c_->start(0);
        c_->pause();
        c_->showWord(30);  // across "Second part"... no: it is at 11 < 12; across nothing
        c_->nextSection(); // paused: moves, reports when reading resumes at it
        QCOMPARE(crossed.size(), 0);
        c_->resume();
        QCOMPARE(crossed.size(), 1);
        QCOMPARE(crossed[0][0].toInt(), 2);
    }

    void backToSentenceStart() {
        c_->jumpToWord(8.4);
        c_->backToSentenceStart();
        QCOMPARE(c_->position(), 6.0);
        c_->jumpToWord(26.9);
        c_->backToSentenceStart();
        QCOMPARE(c_->position(), 20.0);
        c_->backToSentenceStart(); // at a sentence's first word: stays
        QCOMPARE(c_->position(), 20.0);
        // While running, reading goes on from there, one sentence back.
        c_->start(0);
        run(2000);
        QCOMPARE(c_->position(), 25.0);
        c_->backToSentenceStart();
        QCOMPARE(c_->position(), 20.0);
        QVERIFY(c_->isRunning());
        run(400);
        QCOMPARE(c_->position(), 21.0);
    }

    // Over the cue line after the first paragraph the reading line has left "Six ... ten." but
    // not reached the next heading: a flub there is in the sentence just read, so the prompter
    // goes back to "Six", not forward to the next section.
    void flubOverACueGoesBackNotForward() {
        const double cueUnits = c_->readingMap().spans()[2].start + 1.0; // inside [MUSIC]
        c_->start(0);
        run(qint64(cueUnits / wps * 1000.0));
        QVERIFY(c_->readingUnits() > c_->readingMap().spans()[2].start);
        QVERIFY(c_->readingUnits() < c_->readingMap().spans()[3].start);
        c_->backToSentenceStart();
        QCOMPARE(c_->position(), 6.0);
    }

    void endOfScript() {
        QSignalSpy finished(c_.get(), &PrompterController::finished);
        c_->jumpToWord(40);
        c_->start(0);
        run(10000);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(c_->position(), 44.0);
        run(1000);
        QCOMPARE(finished.size(), 1);
        c_->start(0); // from the end: from the top
        QCOMPARE(c_->position(), 0.0);
        QVERIFY(c_->isRunning());
    }

    void emptyScriptDoesNothing() {
        c_->setScript({});
        c_->start(0);
        QCOMPARE(c_->state(), PrompterController::State::Idle);
        c_->nextSection();
        c_->backToSentenceStart();
        c_->update();
        QCOMPARE(c_->position(), 0.0);
        QCOMPARE(c_->currentSection(), -1);
    }
};

QTEST_GUILESS_MAIN(TestPrompterController)
#include "tst_prompter_controller.moc"
