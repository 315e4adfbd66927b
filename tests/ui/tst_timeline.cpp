// The timeline driven as a person drives it: QTest mouse and key events on the real widget, and
// the episode document checked after each gesture (and after undo).
#include "SignalFiles.h"
#include "app/Edits.h"
#include "app/EpisodeStore.h"
#include "app/Studio.h"
#include "audio/AudioSystem.h"
#include "ui/TimelineView.h"

#include <QDir>
#include <QFile>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <memory>

using namespace onair;

namespace {

constexpr double rate = 48000.0;

qint64 sec(double s) {
    return static_cast<qint64>(std::llround(s * rate));
}

} // namespace

class TestTimeline : public QObject {
    Q_OBJECT
    std::unique_ptr<audio::AudioSystem> audio_;
    std::unique_ptr<app::Studio> studio_;
    std::unique_ptr<ui::TimelineView> view_;
    QTemporaryDir dir_;

    app::Episode& doc() { return studio_->document().episodeForRecording(); }
    const app::Clip& clip(int track, int index) {
        return studio_->episode().tracks()[track].clips[index];
    }

    QPoint pointAt(int track, qint64 frame, int dy = 40) {
        const auto* row = view_->layout().trackRow(track);
        return QPoint(qRound(view_->layout().xOf(frame)), row->top + dy);
    }

    void drag(const QPoint& from, const QPoint& to, Qt::KeyboardModifiers mods = {}) {
        QWidget* vp = view_->viewport();
        QTest::mousePress(vp, Qt::LeftButton, mods, from);
        // Several moves, as a hand makes them: the drag must end where the last one is.
        for (int i = 1; i <= 5; ++i) {
            QTest::mouseMove(vp, from + (to - from) * i / 5);
        }
        QTest::mouseRelease(vp, Qt::LeftButton, mods, to);
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        audio_ = std::make_unique<audio::AudioSystem>();
    }

    // Three tracks: Host 0-10 s and 20-30 s, Guest 10-20 s, Music empty; a chapter at 22 s.
    void init() {
        studio_ = std::make_unique<app::Studio>(*audio_);
        const QString folder =
            dir_.filePath(QStringLiteral("t%1.onair").arg(QTest::currentTestFunction()));
        QCOMPARE(studio_->newEpisode(folder, "Timeline"), QString());
        const auto signal = test::makeSignal(
            sec(30), 1, [](std::int64_t i, int) { return 0.5f * std::sin(float(i) * 0.03f); });
        QCOMPARE(
            test::writeFloatWav((folder + "/audio/voice.wav").toStdString(), signal, 1, int(rate)),
            std::string());
        QCOMPARE(studio_->setTracks({app::Track{.name = "Host"}, app::Track{.name = "Guest"},
                                     app::Track{.name = "Music"}}),
                 QString());
        const auto place = [&](int track, qint64 sourceStart, qint64 length, qint64 at) {
            app::Clip c;
            c.source = "audio/voice.wav";
            c.sourceFrames = sec(30);
            c.sourceStart = sourceStart;
            c.length = length;
            c.position = at;
            QCOMPARE(
                studio_->document().edit(
                    "place", [&](app::Episode& e) { return app::Edits::placeClip(e, track, c); }),
                QString());
        };
        place(0, 0, sec(10), 0);
        place(1, sec(10), sec(10), sec(10));
        place(0, sec(20), sec(10), sec(20));
        app::Marker m;
        m.at = sec(22);
        m.title = "News";
        QCOMPARE(studio_->document().edit(
                     "chapter", [&](app::Episode& e) { return app::Edits::addMarker(e, m); }),
                 QString());
        view_ = std::make_unique<ui::TimelineView>(*studio_);
        view_->resize(1000, 500);
        view_->show();
        QVERIFY(QTest::qWaitForWindowExposed(view_.get()));
        view_->zoomToFit();
        QVERIFY(studio_->document().undoStack().count() > 0);
    }

    void cleanup() {
        view_.reset();
        studio_.reset();
    }

    void draggingTheRightEdgeTrimsAndOneUndoRestores() {
        const qint64 before = clip(0, 0).length;
        const int steps = studio_->document().undoStack().count();
        const QPoint edge = pointAt(0, clip(0, 0).end()) - QPoint(2, 0);
        drag(edge, edge - QPoint(120, 0));
        const qint64 expected =
            view_->layout().frameAt(edge.x() - 120) - view_->layout().frameAt(edge.x()) + before;
        QVERIFY2(std::abs(clip(0, 0).length - expected) <=
                     qint64(view_->layout().framesPerPixel) * 3,
                 qPrintable(QStringLiteral("length %1, expected about %2")
                                .arg(clip(0, 0).length)
                                .arg(expected)));
        QCOMPARE(clip(0, 0).position, qint64(0));
        QCOMPARE(clip(0, 0).sourceStart, qint64(0));
        QCOMPARE(studio_->document().undoStack().count(), steps + 1); // the drag is one step
        studio_->document().undoStack().undo();
        QCOMPARE(clip(0, 0).length, before);
        studio_->document().undoStack().redo();
        QVERIFY(clip(0, 0).length < before);
    }

    void draggingTheLeftEdgeTrimsTheStartKeepingTheAudioInPlace() {
        const QPoint edge = pointAt(1, clip(1, 0).position) + QPoint(2, 0);
        drag(edge, edge + QPoint(60, 0));
        const app::Clip& c = clip(1, 0);
        QVERIFY(c.position > sec(10));
        // The audio under the new edge is the audio that was there: source and timeline move
        // together.
        QCOMPARE(c.sourceStart - sec(10), c.position - sec(10));
        QCOMPARE(c.end(), sec(20));
    }

    void trimmingStopsAtTheNeighbour() {
        // Host's first clip cannot grow into the second clip on its own track.
        studio_->document().edit("shorten", [&](app::Episode& e) {
            return app::Edits::trimClipEnd(e, clip(0, 1).id, sec(25));
        });
        const QPoint edge = pointAt(0, clip(0, 1).end()) - QPoint(2, 0);
        drag(edge, edge + QPoint(400, 0));
        QCOMPARE(clip(0, 1).end(), sec(30)); // the end of its source
    }

    void draggingAClipMovesItToAnotherTrackWithSnapping() {
        const QString id = clip(0, 1).id;
        const QPoint grab = pointAt(0, sec(25));
        // Down one track, and left to near Guest's clip end at 20 s: it snaps to 20 s exactly.
        const QPoint target(qRound(view_->layout().xOf(sec(20) + sec(5))) + 4,
                            view_->layout().trackRow(1)->top + 40);
        drag(grab, target);
        int track = -1;
        const app::Clip* moved = app::Edits::findClip(studio_->episode(), id, &track);
        QVERIFY(moved);
        QCOMPARE(track, 1);
        QCOMPARE(moved->position, sec(20));
        QVERIFY(studio_->episode().tracks()[0].clips.size() == 1);
        QVERIFY(app::Edits::checkInvariants(studio_->episode()).isEmpty());
        studio_->document().undoStack().undo();
        app::Edits::findClip(studio_->episode(), id, &track);
        QCOMPARE(track, 0);
    }

    void shiftDeleteRipplesTheRangeAcrossTracksAndMarkers() {
        const qint64 secondHost = clip(0, 1).position;
        // Select 12 s .. 16 s by dragging over the empty Music lane.
        const int y = view_->layout().trackRow(2)->top + 30;
        const QPoint a(qRound(view_->layout().xOf(sec(12))), y);
        const QPoint b(qRound(view_->layout().xOf(sec(16))), y);
        drag(a, b);
        const qint64 cut = view_->selectionEnd() - view_->selectionStart();
        QVERIFY(std::abs(cut - sec(4)) < sec(0.2));
        QTest::keyClick(view_.get(), Qt::Key_Delete, Qt::ShiftModifier);
        QCOMPARE(clip(0, 1).position, secondHost - cut);
        QCOMPARE(studio_->episode().markers()[0].at, sec(22) - cut);
        QCOMPARE(studio_->episode().tracks()[1].clips.size(),
                 2); // Guest's clip split around the cut
        QCOMPARE(clip(1, 0).end(), view_->selectionStart());
        studio_->document().undoStack().undo();
        QCOMPARE(clip(0, 1).position, secondHost);
        QCOMPARE(studio_->episode().markers()[0].at, sec(22));
        QCOMPARE(studio_->episode().tracks()[1].clips.size(), 1);
    }

    void deleteOnARangeClearsItAndLeavesTheMarkers() {
        view_->setSelection(sec(21), sec(23)); // over the chapter at 22 s
        QTest::keyClick(view_.get(), Qt::Key_Delete);
        QCOMPARE(studio_->episode().markers().size(), 1);
        QCOMPARE(studio_->episode().markers()[0].at, sec(22));
        QCOMPARE(clip(0, 1).end(), sec(21)); // the gap stays: nothing moved left
        QCOMPARE(clip(0, 2).position, sec(23));
    }

    void inputsAndArmingSurviveUndoAndCountAsUnsaved() {
        QCOMPARE(studio_->document().save(), QString());
        QList<app::Track> rows = studio_->episode().tracks();
        rows[1].firstChannel = 5;
        rows[1].armed = false;
        QCOMPARE(studio_->setTracks(rows), QString()); // inputs only: no undo step
        QVERIFY(studio_->document().modified());
        studio_->document().undoStack().undo(); // the chapter added in init()
        QCOMPARE(studio_->episode().tracks()[1].firstChannel, 5);
        QVERIFY(!studio_->episode().tracks()[1].armed);
        QCOMPARE(studio_->episode().markers().size(), 0);
    }

    void removingATrackKeepsTheOthersClips() {
        QList<app::Track> rows = studio_->episode().tracks();
        rows.removeAt(0); // Host goes; Guest's clip must stay Guest's
        QCOMPARE(studio_->setTracks(rows), QString());
        QCOMPARE(studio_->episode().tracks()[0].name, QStringLiteral("Guest"));
        QCOMPARE(studio_->episode().tracks()[0].clips.size(), 1);
        QCOMPARE(studio_->episode().tracks()[0].clips[0].position, sec(10));
        studio_->document().undoStack().undo();
        QCOMPARE(studio_->episode().tracks()[0].name, QStringLiteral("Host"));
        QCOMPARE(studio_->episode().tracks()[0].clips.size(), 2);
    }

    void autosaveIsOfferedAndADeclinedOneIsKeptAside() {
        const QString folder = studio_->folder();
        QCOMPARE(studio_->document().save(), QString());
        studio_->document().edit(
            "gain", [](app::Episode& e) { return app::Edits::setTrackGain(e, 0, -3); });
        QCOMPARE(studio_->document().autosaveNow(), QString());
        QVERIFY(QFile::exists(folder + "/episode.autosave.json"));
        view_.reset();
        // As after a crash: a new studio opens the folder; the edit is offered and taken.
        studio_ = std::make_unique<app::Studio>(*audio_);
        int asked = 0;
        QCOMPARE(studio_->openEpisode(folder, [&](const QDateTime&) { return ++asked > 0; }),
                 QString());
        QCOMPARE(asked, 1);
        QCOMPARE(studio_->episode().tracks()[0].gainDb, -3.0);
        QVERIFY(studio_->document().modified());
        studio_->document().undoStack().undo();
        QCOMPARE(studio_->episode().tracks()[0].gainDb, 0.0);
        studio_->document().undoStack().redo();
        // Declined: not applied, and not lost either.
        QCOMPARE(studio_->document().autosaveNow(), QString());
        studio_ = std::make_unique<app::Studio>(*audio_);
        QCOMPARE(studio_->openEpisode(folder, [](const QDateTime&) { return false; }), QString());
        QCOMPARE(studio_->episode().tracks()[0].gainDb, 0.0);
        QVERIFY(!QFile::exists(folder + "/episode.autosave.json"));
        QCOMPARE(QDir(folder).entryList({"episode.autosave-declined-*.json"}).size(), 1);
        view_ = std::make_unique<ui::TimelineView>(*studio_);
    }

    void keysSplitAndAddChaptersAtThePlayhead() {
        // Click the ruler at 5 s: the playhead goes there.
        QTest::mouseClick(view_->viewport(), Qt::LeftButton, {},
                          QPoint(qRound(view_->layout().xOf(sec(5))), 10));
        const qint64 at = studio_->playhead();
        QVERIFY(std::abs(at - sec(5)) < qint64(view_->layout().framesPerPixel) + 1);
        QTest::keyClick(view_.get(), Qt::Key_S);
        QCOMPARE(studio_->episode().tracks()[0].clips.size(), 3);
        QCOMPARE(clip(0, 0).end(), at);
        QCOMPARE(clip(0, 1).position, at);
        QTest::keyClick(view_.get(), Qt::Key_M);
        QCOMPARE(studio_->episode().markers().size(), 2);
        QCOMPARE(studio_->episode().markers()[0].at, at);
        // Delete removes the selected (new) marker; undo brings it back.
        QTest::keyClick(view_.get(), Qt::Key_Delete);
        QCOMPARE(studio_->episode().markers().size(), 1);
        studio_->document().undoStack().undo();
        QCOMPARE(studio_->episode().markers().size(), 2);
    }

    void draggingAChapterFlagMovesIt() {
        const int y = ui::TimelineLayout::rulerHeight + 8;
        const QPoint flag(qRound(view_->layout().xOf(sec(22))) + 3, y);
        drag(flag, flag + QPoint(80, 0));
        QVERIFY(studio_->episode().markers()[0].at > sec(22));
        QCOMPARE(studio_->document().undoStack().undoText(), QStringLiteral("Move marker"));
    }

    void muteAndSoloTogglesInTheHeader() {
        const auto* row = view_->layout().trackRow(1);
        QTest::mouseClick(view_->viewport(), Qt::LeftButton, {}, QPoint(20, row->top + 36));
        QVERIFY(studio_->episode().tracks()[1].mute);
        QTest::mouseClick(view_->viewport(), Qt::LeftButton, {}, QPoint(46, row->top + 36));
        QVERIFY(studio_->episode().tracks()[1].solo);
    }

    void ctrlWheelZoomsAroundTheMouse() {
        const double before = view_->layout().framesPerPixel;
        const QPoint at(qRound(view_->layout().xOf(sec(15))),
                        view_->layout().trackRow(0)->top + 10);
        QWheelEvent wheel(at, view_->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 240),
                          Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view_->viewport(), &wheel);
        QVERIFY(view_->layout().framesPerPixel < before);
        // The frame under the mouse stays under the mouse.
        QVERIFY(std::abs(view_->layout().frameAt(at.x()) - sec(15)) < qint64(before) * 2);
    }

    void doubleClickOnATakeLanePlaysThatTake() {
        // A take on Host recorded at 0..30 s (the same file serves as its recording).
        app::Take take;
        take.id = "take-test";
        take.sampleRate = rate;
        take.frames = sec(30);
        take.position = 0;
        take.files.append({"Host", "audio/voice.wav", 1});
        doc().takes.append(take);
        emit studio_->episodeChanged();
        const ui::TimelineRow* lane = nullptr;
        for (const auto& r : view_->layout().rows()) {
            if (r.kind == ui::TimelineRow::TakeLane && r.takeId == "take-test") {
                lane = &r;
            }
        }
        QVERIFY(lane);
        view_->setSelection(sec(12), sec(18));
        // What a mouse sends for a double-click: press, release, double-click, release. The
        // first press clears the range (a click on a lane does), the double-click still uses it.
        const QPoint at(qRound(view_->layout().xOf(sec(15))), lane->top + 10);
        QTest::mouseClick(view_->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(view_->selectionEnd(), view_->selectionStart());
        QTest::mouseDClick(view_->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseRelease(view_->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(view_->selectionStart(), sec(12)); // and it is still shown
        QCOMPARE(view_->selectionEnd(), sec(18));
        // Host now plays the take over 12..18 s, from the take's own 12 s.
        const app::Clip* used = nullptr;
        for (const auto& c : studio_->episode().tracks()[0].clips) {
            if (c.takeId == "take-test") {
                used = &c;
            }
        }
        QVERIFY(used);
        QCOMPARE(used->position, sec(12));
        QCOMPARE(used->length, sec(6));
        QCOMPARE(used->sourceStart, sec(12));
    }
};

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
