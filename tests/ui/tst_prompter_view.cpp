// The prompter view rendered offscreen: mirrored frames are the upright frame reversed pixel
// for pixel, a section's heading sits on the reading line after a jump, keys from keyboards,
// pedals and clickers drive the controller, and the settings survive a save and load.
#include "ScriptFixture.h"
#include "app/PrompterController.h"
#include "ui/PrompterSettings.h"
#include "ui/PrompterSettingsPanel.h"
#include "ui/PrompterView.h"
#include "ui/PrompterWindow.h"

#include <QCheckBox>
#include <QDir>
#include <QDockWidget>
#include <QPainter>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <memory>

using namespace onair;
using app::PrompterController;
using ui::PrompterSettings;

namespace {

app::Script viewScript() {
    return test::makeScript({
        test::para("Good morning and welcome. This is the show about the things that "
                   "happened this week, read from a script."),
        test::heading("Kernel news"),
        test::para("HOST: The latest stable kernel is out. It fixes a number of bugs [PAUSE] "
                   "and the development kernel is on its fourth release candidate."),
        test::para("[MUSIC STING]"),
        test::para("Maintainers discussed which release becomes the next long term stable "
                   "kernel. Testing reports are welcome."),
        test::heading("Ongoing development"),
        test::para("A patch series adds support for new hardware. Another one hardens user "
                   "namespaces against module loading. A third one batches page migration."),
        test::heading("Goodbye"),
        test::para("That is all for this week. Thanks for listening."),
    });
}

// `colour` under the translucent reading band, as the painter blends it.
QRgb underBand(QColor colour, QColor band) {
    QImage pixel(1, 1, QImage::Format_RGB32);
    pixel.fill(colour);
    QPainter(&pixel).fillRect(0, 0, 1, 1, band);
    return pixel.pixel(0, 0);
}

// Rows of `image` that hold pixels of exactly `colour`, or of `colour` under the reading band
// (glyph interiors are solid).
QList<int> rowsWith(const QImage& image, QColor colour, QColor band) {
    QList<int> rows;
    const QRgb c = colour.rgb();
    const QRgb banded = underBand(colour, band) | 0xff000000u;
    for (int y = 0; y < image.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            if ((line[x] | 0xff000000u) == c || (line[x] | 0xff000000u) == banded) {
                rows << y;
                break;
            }
        }
    }
    return rows;
}

// The run of rows in `rows` (gaps under `gap` allowed) that holds `y`, or {-1, -1}.
std::pair<int, int> clusterAround(const QList<int>& rows, int y, int gap) {
    for (qsizetype i = 0; i < rows.size(); ++i) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows[j + 1] - rows[j] < gap) {
            ++j;
        }
        if (rows[i] <= y && y <= rows[j]) {
            return {rows[i], rows[j]};
        }
        i = j;
    }
    return {-1, -1};
}

QString saveFailure(const QImage& image, const QString& name) {
    const QString path =
        QDir::temp().filePath(QStringLiteral("tst_prompter_view-%1.png").arg(name));
    image.save(path);
    return path;
}

} // namespace

class TestPrompterView : public QObject {
    Q_OBJECT
    qint64 now_ = 5000;
    std::unique_ptr<PrompterController> c_;
    std::unique_ptr<ui::PrompterView> v_;

    QImage render() { return v_->grab().toImage().convertToFormat(QImage::Format_RGB32); }

    void setMirror(bool h, bool v) {
        PrompterSettings s = v_->settings();
        s.mirrorHorizontal = h;
        s.mirrorVertical = v;
        v_->setSettings(s);
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().remove(QStringLiteral("prompter"));
    }

    void init() {
        c_ = std::make_unique<PrompterController>([this] { return now_; });
        c_->setScript(viewScript());
        v_ = std::make_unique<ui::PrompterView>(*c_);
        PrompterSettings s;
        s.fontFamily = QStringLiteral("DejaVu Sans");
        s.fontPointSize = 28;
        v_->setSettings(s);
        v_->resize(960, 540);
        v_->show();
        QVERIFY(QTest::qWaitForWindowExposed(v_.get()));
        v_->setFrameTicks(false); // frames on demand: the fake clock decides
    }

    void cleanup() {
        v_.reset();
        c_.reset();
    }

    void mirroredIsTheUprightFrameReversed() {
        c_->jumpToWord(30);
        c_->start(0);
        now_ += 1500;
        c_->pause(); // the paused sign and status line make the frame asymmetric
        const QImage upright = render();
        QVERIFY(upright != upright.mirrored(true, false));
        QVERIFY(upright != upright.mirrored(false, true));
        for (const auto& [h, v] : {std::pair{true, false}, {false, true}, {true, true}}) {
            setMirror(h, v);
            const QImage mirrored = render();
            const QImage expected = upright.mirrored(h, v);
            if (mirrored != expected) {
                QFAIL(qPrintable(QStringLiteral("mirror h=%1 v=%2 differs: %3 vs upright %4")
                                     .arg(h)
                                     .arg(v)
                                     .arg(saveFailure(mirrored, QStringLiteral("mirrored")),
                                          saveFailure(upright, QStringLiteral("upright")))));
            }
        }
        setMirror(false, false);
        QCOMPARE(render(), upright);
    }

    void headingSitsOnTheReadingLineAfterAJump() {
        const QColor heading = v_->settings().palette().heading;
        const QColor band = v_->settings().palette().band;
        const int readY = v_->readingLineY();
        for (int section = 1; section <= 3; ++section) {
            c_->nextSection();
            QCOMPARE(c_->currentSection(), section);
            const QImage image = render();
            const auto [top, bottom] = clusterAround(rowsWith(image, heading, band), readY, 6);
            QVERIFY2(top >= 0, qPrintable(QStringLiteral("section %1: no heading ink at y=%2: %3")
                                              .arg(section)
                                              .arg(readY)
                                              .arg(saveFailure(image, QStringLiteral("heading")))));
            // One line of heading, not a paragraph: its ink is less than two body lines tall.
            QVERIFY(bottom - top < 2 * v_->textLayout().bodyLineHeight());
        }
        // Control: in the middle of a paragraph no heading ink crosses the reading line.
        c_->jumpToWord(c_->script().blocks[6].firstWord + 10);
        const QImage image = render();
        QCOMPARE(clusterAround(rowsWith(image, heading, band), readY, 6).first, -1);
    }

    void scrollOffsetIsContinuousAndMonotonic() {
        const app::ReadingMap& map = c_->readingMap();
        double previous = v_->scrollOffsetAt(0);
        for (double u = 0.01; u <= map.totalUnits(); u += 0.01) {
            const double y = v_->scrollOffsetAt(u);
            QVERIFY(y >= previous);
            // No jump at block boundaries: 0.01 unit moves far less than a line.
            QVERIFY2(
                y - previous < v_->textLayout().bodyLineHeight() / 10,
                qPrintable(QStringLiteral("jump of %1 px at %2 units").arg(y - previous).arg(u)));
            previous = y;
        }
    }

    void keysFromKeyboardsPedalsAndClickers() {
        QVERIFY2(v_->statusLine().endsWith(QStringLiteral("P to start")),
                 qPrintable(v_->statusLine()));
        QTest::keyClick(v_.get(), Qt::Key_P);
        QCOMPARE(c_->state(), PrompterController::State::Countdown); // countdown on by default
        QTest::keyClick(v_.get(), Qt::Key_P);
        QCOMPARE(c_->state(), PrompterController::State::Paused);
        QVERIFY2(v_->statusLine().endsWith(QStringLiteral("P to resume")),
                 qPrintable(v_->statusLine()));
        QTest::keyClick(v_.get(), Qt::Key_Pause); // Pause/Break, which a pedal can send too
        QCOMPARE(c_->state(), PrompterController::State::Running);
        QTest::keyClick(v_.get(), Qt::Key_F5); // a clicker's "start"
        QCOMPARE(c_->state(), PrompterController::State::Paused);
        QTest::keyClick(v_.get(), Qt::Key_P);
        QCOMPARE(c_->state(), PrompterController::State::Running);
        // Space is the studio's (during a take it stops the take), never the prompter's.
        QSignalSpy transport(v_.get(), &ui::PrompterView::transportRequested);
        QTest::keyClick(v_.get(), Qt::Key_Space);
        QCOMPARE(transport.size(), 1);
        QCOMPARE(c_->state(), PrompterController::State::Running);
        QTest::keyClick(v_.get(), Qt::Key_PageDown);
        QCOMPARE(c_->currentSection(), 1);
        QTest::keyClick(v_.get(), Qt::Key_Right);
        QCOMPARE(c_->currentSection(), 2);
        QTest::keyClick(v_.get(), Qt::Key_PageUp);
        QCOMPARE(c_->currentSection(), 1);
        QTest::keyClick(v_.get(), Qt::Key_Left);
        QCOMPARE(c_->currentSection(), 0);

        QSignalSpy settings(v_.get(), &ui::PrompterView::settingsChanged);
        QTest::keyClick(v_.get(), Qt::Key_Up);
        QCOMPARE(c_->wordsPerMinute(), 160.0);
        QCOMPARE(v_->settings().wordsPerMinute, 160.0); // remembered
        QTest::keyClick(v_.get(), Qt::Key_Down);
        QTest::keyClick(v_.get(), Qt::Key_Down);
        QCOMPARE(c_->wordsPerMinute(), 140.0);
        QCOMPARE(settings.size(), 3);

        QSignalSpy flub(v_.get(), &ui::PrompterView::flubRequested);
        c_->jumpToWord(c_->script().blocks[2].sentences[1] + 3.5); // inside the second sentence
        QTest::keyClick(v_.get(), Qt::Key_F);
        QCOMPARE(flub.size(), 1);
        QCOMPARE(c_->position(), double(c_->script().blocks[2].sentences[1]));

        const QColor background = v_->settings().palette().background;
        QTest::keyClick(v_.get(), Qt::Key_B);
        QVERIFY(v_->isBlanked());
        QImage blank(v_->size(), QImage::Format_RGB32);
        blank.fill(background);
        QCOMPARE(render(), blank);
        QTest::keyClick(v_.get(), Qt::Key_Period); // a clicker's "black screen" key
        QVERIFY(!v_->isBlanked());
        QVERIFY(render() != blank);

        const double size = v_->settings().fontPointSize;
        QTest::keyClick(v_.get(), Qt::Key_Plus);
        QCOMPARE(v_->settings().fontPointSize, size + 4);
        QTest::keyClick(v_.get(), Qt::Key_Minus);
        QCOMPARE(v_->settings().fontPointSize, size);

        // A held pedal repeats its key: a repeated P or PageDown does nothing, a repeated
        // Up keeps speeding up.
        const auto state = c_->state();
        const int section = c_->currentSection();
        QTest::keyClick(v_.get(), Qt::Key_P);
        const auto toggled = c_->state();
        QTest::simulateEvent(v_.get(), true, Qt::Key_P, {}, QStringLiteral("p"), true);
        QTest::simulateEvent(v_.get(), true, Qt::Key_PageDown, {}, QString(), true);
        QCOMPARE(c_->state(), toggled);
        QVERIFY(toggled != state);
        QCOMPARE(c_->currentSection(), section);
        const double wpm = c_->wordsPerMinute();
        QTest::simulateEvent(v_.get(), true, Qt::Key_Up, {}, QString(), true);
        QCOMPARE(c_->wordsPerMinute(), wpm + 10);

        QSignalSpy leave(v_.get(), &ui::PrompterView::leaveFullScreenRequested);
        QTest::keyClick(v_.get(), Qt::Key_Escape);
        QCOMPARE(leave.size(), 1);
    }

    void wheelChangesSpeed() {
        QWheelEvent up(QPointF(10, 10), v_->mapToGlobal(QPointF(10, 10)), {}, QPoint(0, 240),
                       Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(v_.get(), &up);
        QCOMPARE(c_->wordsPerMinute(), 170.0);
    }

    void settingsRoundTrip() {
        PrompterSettings s;
        s.fontFamily = QStringLiteral("DejaVu Serif");
        s.fontPointSize = 96;
        s.lineSpacing = 1.5;
        s.marginFraction = 0.2;
        s.colours = PrompterSettings::Colours::YellowOnBlack;
        s.mirrorHorizontal = true;
        s.mirrorVertical = true;
        s.readingLine = 0.5;
        s.wordsPerMinute = 180;
        s.countdown = false;
        s.screen = QStringLiteral("HDMI-1");
        QVERIFY(!(s == PrompterSettings{}));
        s.save();
        QCOMPARE(PrompterSettings::load(), s);
        // A hand-edited file is clamped, not trusted.
        QSettings raw;
        raw.setValue(QStringLiteral("prompter/fontPointSize"), 5000);
        raw.setValue(QStringLiteral("prompter/readingLine"), -3);
        raw.setValue(QStringLiteral("prompter/colours"), QStringLiteral("plaid"));
        raw.sync();
        const PrompterSettings loaded = PrompterSettings::load();
        QCOMPARE(loaded.fontPointSize, PrompterSettings::maxFontPointSize);
        QCOMPARE(loaded.readingLine, 0.05);
        QCOMPARE(loaded.colours, PrompterSettings::Colours::WhiteOnBlack);
        QVERIFY(QSettings().fileName().contains(QStringLiteral("qttest")));
    }

    // The window: a panel edit shows at once and is remembered; a key's change shows in the
    // panel; full screen on a chosen screen, and Escape back.
    void windowAppliesAndRemembersSettings() {
        QSettings().remove(QStringLiteral("prompter"));
        ui::PrompterWindow w(*c_);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCheckBox* mirrorH = nullptr;
        for (QCheckBox* box : w.settingsPanel().findChildren<QCheckBox*>()) {
            if (box->text() == QStringLiteral("Horizontal")) {
                mirrorH = box;
            }
        }
        QVERIFY(mirrorH != nullptr);
        mirrorH->click();
        QVERIFY(w.view().settings().mirrorHorizontal);
        QVERIFY(PrompterSettings::load().mirrorHorizontal);
        QTest::keyClick(&w.view(), Qt::Key_Up);
        QCOMPARE(w.settingsPanel().settings().wordsPerMinute, 160.0);
        QCOMPARE(PrompterSettings::load().wordsPerMinute, 160.0);
        QTest::keyClick(&w.view(), Qt::Key_Plus);
        QCOMPARE(PrompterSettings::load().fontPointSize, PrompterSettings{}.fontPointSize + 4);
        // A new window starts as the last one was left.
        ui::PrompterWindow again(*c_);
        QVERIFY(again.view().settings().mirrorHorizontal);
        QCOMPARE(again.view().settings().wordsPerMinute, 160.0);
    }

    void windowFullScreenOnAScreenAndEscape() {
        ui::PrompterWindow w(*c_);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QScreen* screen = QGuiApplication::screens().back();
        w.showFullScreenOn(screen);
        QTRY_VERIFY(w.isFullScreen());
        QCOMPARE(w.screen(), screen);
        QVERIFY(!w.findChild<QDockWidget*>()->isVisible());
        QTest::keyClick(&w.view(), Qt::Key_Escape);
        QTRY_VERIFY(!w.isFullScreen());
        QVERIFY(w.findChild<QDockWidget*>()->isVisible());
    }

    // Not a check: the picture a person looks at (ONAIR_PROMPTER_SHOT=path.png).
    void screenshot() {
        const QString path = qEnvironmentVariable("ONAIR_PROMPTER_SHOT");
        if (path.isEmpty()) {
            QSKIP("set ONAIR_PROMPTER_SHOT to save a picture");
        }
        v_->resize(1280, 720);
        PrompterSettings s = v_->settings();
        s.fontPointSize = 40;
        v_->setSettings(s);
        c_->nextSection();
        c_->start(0);
        c_->pause(); // the heading on the reading line, and the paused sign
        QVERIFY(render().save(path));
        setMirror(true, false);
        QVERIFY(render().save(
            QString(path).replace(QStringLiteral(".png"), QStringLiteral("-mirrored.png"))));
        setMirror(false, false);
        s.colours = PrompterSettings::Colours::BlackOnWhite;
        v_->setSettings(s);
        c_->start(3); // the countdown over the text, on the other scheme
        QVERIFY(render().save(
            QString(path).replace(QStringLiteral(".png"), QStringLiteral("-countdown.png"))));
        c_->stop();
        s.colours = PrompterSettings::Colours::WhiteOnBlack;
        v_->setSettings(s);
        ui::PrompterWindow w(*c_);
        w.resize(1280, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.grab().save(
            QString(path).replace(QStringLiteral(".png"), QStringLiteral("-window.png"))));
    }
};

QTEST_MAIN(TestPrompterView)
#include "tst_prompter_view.moc"
