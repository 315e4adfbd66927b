// Each edit operation on a small hand-made episode, with the exact frames it must produce.
#include "app/Edits.h"

#include <QTest>

using namespace onair::app;

namespace {

Clip clip(const QString& source, qint64 position, qint64 length, qint64 sourceStart = 0,
          qint64 sourceFrames = 100000) {
    Clip c;
    c.source = source;
    c.sourceFrames = sourceFrames;
    c.sourceStart = sourceStart;
    c.length = length;
    c.position = position;
    return c;
}

// Two tracks; clips are placed with Edits::placeClip and get ids c1, c2, ... in order.
Episode twoTracks(const QList<QPair<int, Clip>>& clips) {
    Episode e;
    e.tracks() = {Track{QStringLiteral("Host")}, Track{QStringLiteral("Guest")}};
    for (const auto& [track, c] : clips) {
        const QString err = Edits::placeClip(e, track, c);
        Q_ASSERT(err.isEmpty());
    }
    return e;
}

// "position+length@sourceStart" per clip, so a whole track compares in one line.
QString describe(const Track& t) {
    QStringList parts;
    for (const auto& c : t.clips) {
        parts << QStringLiteral("%1:%2+%3@%4")
                     .arg(c.id)
                     .arg(c.position)
                     .arg(c.length)
                     .arg(c.sourceStart);
    }
    return parts.join(QLatin1Char(' '));
}

Marker marker(MarkerKind kind, qint64 at) {
    Marker m;
    m.kind = kind;
    m.at = at;
    return m;
}

} // namespace

class TestEdits : public QObject {
    Q_OBJECT
private slots:
    void splitLeavesFadeInLeftAndFadeOutRight() {
        Episode e = twoTracks({{0, clip("a", 1000, 1000)}});
        QVERIFY(Edits::setFades(e, "c1", 300, 400).isEmpty());
        QVERIFY(Edits::splitAt(e, 1500).isEmpty());
        const auto& clips = e.tracks()[0].clips;
        QCOMPARE(describe(e.tracks()[0]), QStringLiteral("c1:1000+500@0 c2:1500+500@500"));
        QCOMPARE(clips[0].fadeIn, 300);
        QCOMPARE(clips[0].fadeOut, 0);
        QCOMPARE(clips[1].fadeIn, 0);
        QCOMPARE(clips[1].fadeOut, 400); // the fade-out is the right part's, whole
        QVERIFY(Edits::checkInvariants(e).isEmpty());
    }

    void splitThroughAFadeShortensIt() {
        Episode e = twoTracks({{0, clip("a", 0, 1000)}});
        QVERIFY(Edits::setFades(e, "c1", 700, 200).isEmpty());
        QVERIFY(Edits::splitAt(e, 500).isEmpty());
        QCOMPARE(e.tracks()[0].clips[0].fadeIn, 500);
        QCOMPARE(e.tracks()[0].clips[1].fadeOut, 200);
    }

    void splitOnlyTheChosenClips() {
        Episode e = twoTracks({{0, clip("a", 0, 1000)}, {1, clip("b", 0, 1000)}});
        QVERIFY(Edits::splitAt(e, 400, {"c2"}).isEmpty());
        QCOMPARE(e.tracks()[0].clips.size(), 1);
        QCOMPARE(describe(e.tracks()[1]), QStringLiteral("c2:0+400@0 c3:400+600@400"));
        QVERIFY(!Edits::splitAt(e, 0).isEmpty());            // on an edge: nothing to split
        QVERIFY(!Edits::splitAt(e, 2000, {"c1"}).isEmpty()); // not under the clip
    }

    void trimStartStopsAtTheNeighbourAndTheSourceStart() {
        Episode e = twoTracks({{0, clip("a", 0, 1000)}, {0, clip("b", 1500, 1000, 800)}});
        QVERIFY(Edits::trimClipStart(e, "c2", 0).isEmpty());
        QCOMPARE(describe(e.tracks()[0]), QStringLiteral("c1:0+1000@0 c2:1000+1500@300"));
        Episode f = twoTracks({{0, clip("a", 0, 1000)}, {0, clip("b", 1500, 1000, 200)}});
        QVERIFY(Edits::trimClipStart(f, "c2", 0).isEmpty());
        QCOMPARE(describe(f.tracks()[0]), QStringLiteral("c1:0+1000@0 c2:1300+1200@0"));
        QVERIFY(!Edits::trimClipStart(f, "c2", 2500).isEmpty()); // to nothing: refused
        QVERIFY(Edits::trimClipStart(f, "c2", 2000).isEmpty());
        QCOMPARE(describe(f.tracks()[0]), QStringLiteral("c1:0+1000@0 c2:2000+500@700"));
    }

    void trimEndStopsAtTheNeighbourAndTheSourceEnd() {
        Episode e = twoTracks({{0, clip("a", 0, 1000, 0, 5000)}, {0, clip("b", 3000, 100)}});
        QVERIFY(Edits::trimClipEnd(e, "c1", 999999).isEmpty());
        QCOMPARE(describe(e.tracks()[0]), QStringLiteral("c1:0+3000@0 c2:3000+100@0"));
        Episode f = twoTracks({{0, clip("a", 0, 1000, 3000, 5000)}});
        QVERIFY(Edits::trimClipEnd(f, "c1", 999999).isEmpty());
        QCOMPARE(describe(f.tracks()[0]), QStringLiteral("c1:0+2000@3000"));
        QVERIFY(!Edits::trimClipEnd(f, "c1", 0).isEmpty());
        QVERIFY(!Edits::trimClipEnd(f, "c9", 10).isEmpty());
    }

    void trimClampsFadesIntoTheShorterClip() {
        Episode e = twoTracks({{0, clip("a", 0, 1000)}});
        QVERIFY(Edits::setFades(e, "c1", 600, 300).isEmpty());
        QVERIFY(Edits::trimClipEnd(e, "c1", 700).isEmpty());
        QCOMPARE(e.tracks()[0].clips[0].fadeIn, 600);
        QCOMPARE(e.tracks()[0].clips[0].fadeOut, 100);
    }

    void moveReplacesWhatItLandsOn() {
        // Host: one long clip, and two short ones; the Guest clip lands over 1000..3000.
        Episode e = twoTracks(
            {{0, clip("long", 0, 5000)}, {1, clip("g", 0, 2000)}, {0, clip("in", 6000, 500)}});
        QVERIFY(Edits::moveClip(e, "c2", 0, 1000).isEmpty());
        QCOMPARE(describe(e.tracks()[0]),
                 QStringLiteral("c1:0+1000@0 c2:1000+2000@0 c4:3000+2000@3000 c3:6000+500@0"));
        QVERIFY(e.tracks()[1].clips.isEmpty());
        // Over an edge it trims, over a whole clip it removes.
        QVERIFY(Edits::moveClip(e, "c2", 0, 4500).isEmpty());
        QCOMPARE(describe(e.tracks()[0]),
                 QStringLiteral("c1:0+1000@0 c4:3000+1500@3000 c2:4500+2000@0"));
        QVERIFY(!Edits::moveClip(e, "c2", 2, 0).isEmpty());
        QVERIFY(!Edits::moveClip(e, "c2", -1, 0).isEmpty());
        QVERIFY(Edits::moveClip(e, "c2", 1, -50).isEmpty()); // clamped to the start
        QCOMPARE(e.tracks()[1].clips[0].position, 0);
        QVERIFY(Edits::checkInvariants(e).isEmpty());
    }

    void deleteClips() {
        Episode e = twoTracks({{0, clip("a", 0, 10)}, {1, clip("b", 0, 10)}});
        QVERIFY(!Edits::deleteClips(e, {"c7"}).isEmpty());
        QVERIFY(Edits::deleteClips(e, {"c1", "c2"}).isEmpty());
        QCOMPARE(e.duration(), 0);
    }

    void rippleDeleteMovesChaptersAndDropsRetakes() {
        Episode e = twoTracks({{0, clip("a", 0, 1000)}, {1, clip("b", 1200, 800)}});
        QString chapterIn, retakeIn, chapterAfter, retakeBefore;
        Edits::addMarker(e, marker(MarkerKind::Chapter, 500), &chapterIn);
        Edits::addMarker(e, marker(MarkerKind::Retake, 600), &retakeIn);
        Edits::addMarker(e, marker(MarkerKind::Chapter, 1500), &chapterAfter);
        Edits::addMarker(e, marker(MarkerKind::Retake, 100), &retakeBefore);
        QVERIFY(Edits::rippleDelete(e, 400, 1300).isEmpty());
        QCOMPARE(describe(e.tracks()[0]), QStringLiteral("c1:0+400@0"));
        QCOMPARE(describe(e.tracks()[1]), QStringLiteral("c2:400+700@100"));
        QCOMPARE(Edits::findMarker(e, chapterIn)->at, 400);
        QVERIFY(!Edits::findMarker(e, retakeIn));
        QCOMPARE(Edits::findMarker(e, chapterAfter)->at, 600);
        QCOMPARE(Edits::findMarker(e, retakeBefore)->at, 100);
        QVERIFY(!Edits::rippleDelete(e, 10, 10).isEmpty());
        QVERIFY(!Edits::rippleDelete(e, -5, 10).isEmpty());
        QVERIFY(Edits::checkInvariants(e).isEmpty());
    }

    void rippleDeleteInsideOneClipJoinsItsTwoSides() {
        Episode e = twoTracks({{0, clip("a", 0, 1000)}});
        QVERIFY(Edits::rippleDelete(e, 200, 300).isEmpty());
        QCOMPARE(describe(e.tracks()[0]), QStringLiteral("c1:0+200@0 c2:200+700@300"));
    }

    void insertSilenceSplitsAndShifts() {
        Episode e = twoTracks({{0, clip("a", 0, 1000)}, {1, clip("b", 2000, 10)}});
        QString m;
        Edits::addMarker(e, marker(MarkerKind::Chapter, 500), &m);
        QVERIFY(Edits::insertSilence(e, 500, 250).isEmpty());
        QCOMPARE(describe(e.tracks()[0]), QStringLiteral("c1:0+500@0 c4:750+500@500"));
        QCOMPARE(describe(e.tracks()[1]), QStringLiteral("c2:2250+10@0"));
        QCOMPARE(Edits::findMarker(e, m)->at, 750);
        QVERIFY(!Edits::insertSilence(e, 0, 0).isEmpty());
        QVERIFY(!Edits::insertSilence(e, -1, 10).isEmpty());
    }

    void fadesAndGainsAreClamped() {
        Episode e = twoTracks({{0, clip("a", 0, 1000)}});
        QVERIFY(Edits::setFades(e, "c1", 800, 800).isEmpty());
        QCOMPARE(e.tracks()[0].clips[0].fadeIn, 800); // the fade-in wins
        QCOMPARE(e.tracks()[0].clips[0].fadeOut, 200);
        QVERIFY(Edits::setFades(e, "c1", -5, -5).isEmpty());
        QCOMPARE(e.tracks()[0].clips[0].fadeIn, 0);
        QCOMPARE(e.tracks()[0].clips[0].fadeOut, 0);
        QVERIFY(Edits::setClipGain(e, "c1", 100).isEmpty());
        QCOMPARE(e.tracks()[0].clips[0].gainDb, 24.0);
        QVERIFY(Edits::setTrackGain(e, 1, -200).isEmpty());
        QCOMPARE(e.tracks()[1].gainDb, -96.0);
        QVERIFY(Edits::setTrackPan(e, 0, -3).isEmpty());
        QCOMPARE(e.tracks()[0].pan, -1.0);
        QVERIFY(Edits::setTrackMute(e, 0, true).isEmpty());
        QVERIFY(Edits::setTrackSolo(e, 1, true).isEmpty());
        QVERIFY(e.tracks()[0].mute && e.tracks()[1].solo);
        QVERIFY(!Edits::setTrackGain(e, 2, 0).isEmpty());
        QVERIFY(!Edits::setTrackSolo(e, -1, true).isEmpty());
    }

    void placeClipRefusesClipsOutsideTheirSource() {
        Episode e = twoTracks({});
        QVERIFY(!Edits::placeClip(e, 0, clip("a", 0, 0)).isEmpty());
        QVERIFY(!Edits::placeClip(e, 0, clip("a", 0, 100, 950, 1000)).isEmpty());
        QVERIFY(!Edits::placeClip(e, 0, clip("a", -1, 100)).isEmpty());
        QVERIFY(!Edits::placeClip(e, 5, clip("a", 0, 100)).isEmpty());
        QCOMPARE(e.edit.nextId, 1); // refusals use no ids
    }

    void useTakeChoosesTheTakesPartOfTheRange() {
        Episode e = twoTracks({{0, clip("old", 0, 20000)}});
        Take take;
        take.id = QStringLiteral("t1");
        take.frames = 5000;
        take.position = 10000;
        take.files = {{QStringLiteral("Host"), QStringLiteral("audio/t1-host.wav"), 1}};
        e.takes.append(take);
        QVERIFY(Edits::useTake(e, 0, "t1", 11000, 12000).isEmpty());
        const Clip* c = Edits::findClip(e, "c2");
        QVERIFY(c);
        QCOMPARE(c->source, QStringLiteral("audio/t1-host.wav"));
        QCOMPARE(c->takeId, QStringLiteral("t1"));
        QCOMPARE(c->sourceStart, 1000);
        QCOMPARE(c->length, 1000);
        QCOMPARE(c->position, 11000);
        QCOMPARE(c->sourceFrames, 5000);
        // A range wider than the take is cut to where the take was recorded.
        QVERIFY(Edits::useTake(e, 0, "t1", 0, 99999).isEmpty());
        QCOMPARE(describe(e.tracks()[0]),
                 QStringLiteral("c1:0+10000@0 c4:10000+5000@0 c3:15000+5000@15000"));
        QVERIFY(!Edits::useTake(e, 0, "t1", 0, 10000).isEmpty());     // before the take
        QVERIFY(!Edits::useTake(e, 1, "t1", 10000, 11000).isEmpty()); // no Guest file
        QVERIFY(!Edits::useTake(e, 0, "t9", 10000, 11000).isEmpty());
    }

    // A take on Host over [10000, 20000): the old chapter and retake over the audio it replaces
    // go, the marks the new take added stay (one at exactly the old chapter's frame too). A
    // chapter where nothing was recorded yet (Goodbye, at the end of Host's audio) survives the
    // next take, recorded from there.
    void punchInReplacesTheMarkersOverTheAudioItReplaces() {
        Episode e = twoTracks({{0, clip("old", 0, 20000)}}); // c1
        const auto titled = [](MarkerKind kind, qint64 at, const QString& title) {
            Marker m = marker(kind, at);
            m.title = title;
            return m;
        };
        for (const Marker& m :
             {titled(MarkerKind::Chapter, 0, "Welcome"), titled(MarkerKind::Chapter, 10000, "News"),
              titled(MarkerKind::Retake, 15000, "Retake"),
              titled(MarkerKind::Chapter, 20000, "Goodbye")}) {
            QVERIFY(Edits::addMarker(e, m).isEmpty()); // m2..m5
        }
        const auto take = [&](const QString& id, qint64 position) {
            Take t;
            t.id = id;
            t.frames = 10000;
            t.position = position;
            t.files = {{QStringLiteral("Host"), QStringLiteral("audio/%1.wav").arg(id), 1}};
            e.takes.append(t);
            return t;
        };
        const QList<Marker> before = e.markers();
        QVERIFY(Edits::addMarker(e, titled(MarkerKind::Chapter, 10000, "News")).isEmpty());
        QVERIFY(Edits::addMarker(e, titled(MarkerKind::Retake, 12000, "Retake")).isEmpty());
        const QList<Marker> added = Edits::markersAdded(before, e.markers());
        QCOMPARE(added.size(), 2);
        QVERIFY(Edits::punchIn(e, take("t1", 10000), added).isEmpty());
        const auto listed = [&] {
            QStringList got;
            for (const Marker& m : e.markers()) {
                got << QStringLiteral("%1:%2@%3").arg(m.id, m.title).arg(m.at);
            }
            return got.join(' ');
        };
        QCOMPARE(listed(),
                 QStringLiteral("m2:Welcome@0 m6:News@10000 m7:Retake@12000 m5:Goodbye@20000"));
        QCOMPARE(describe(e.tracks()[0]), QStringLiteral("c1:0+10000@0 c8:10000+10000@0"));
        QVERIFY(Edits::punchIn(e, take("t2", 20000), {}).isEmpty());
        QCOMPARE(listed(),
                 QStringLiteral("m2:Welcome@0 m6:News@10000 m7:Retake@12000 m5:Goodbye@20000"));
        QVERIFY(Edits::checkInvariants(e).isEmpty());
    }

    // A take put back from its journal brings the markers it added: kept with their ids when
    // those are free (the counter moves past them), given new ones when taken; putting the
    // same take back again adds nothing twice.
    void takeMarkersFromAJournalAreAdded() {
        Episode e = twoTracks({});
        QVERIFY(Edits::addMarker(e, marker(MarkerKind::Chapter, 100)).isEmpty()); // m1
        Take take;
        take.id = QStringLiteral("t1");
        take.frames = 5000;
        take.position = 4000;
        take.files = {{QStringLiteral("Host"), QStringLiteral("audio/t1.wav"), 1}};
        e.takes.append(take);
        Marker free = marker(MarkerKind::Chapter, 5000);
        free.id = QStringLiteral("m7");
        Marker taken = marker(MarkerKind::Retake, 6000);
        taken.id = QStringLiteral("m1");
        QVERIFY(Edits::punchIn(e, take, {free, taken}).isEmpty());
        QCOMPARE(e.markers().size(), 3);
        QCOMPARE(e.markers()[1], free);
        const QString given = e.markers()[2].id;
        QVERIFY2(given != "m1" && given != "m7", qPrintable(given));
        QCOMPARE(e.markers()[2].at, 6000);
        QVERIFY(e.edit.nextId > 8);
        QVERIFY(Edits::punchIn(e, take, {free}).isEmpty());
        QCOMPARE(e.markers().size(), 2); // the retake was not the take's this time: it goes
        QCOMPARE(e.markers()[1], free);
        QCOMPARE(e.tracks()[0].clips.size(), 1);
    }

    void markers() {
        Episode e;
        QString a, b;
        QVERIFY(Edits::addMarker(e, marker(MarkerKind::Chapter, 500), &a).isEmpty());
        QVERIFY(Edits::addMarker(e, marker(MarkerKind::Retake, -20), &b).isEmpty());
        QCOMPARE(e.markers()[0].id, b); // clamped to 0, sorted first
        QCOMPARE(e.markers()[0].at, 0);
        QVERIFY(Edits::moveMarker(e, b, 900).isEmpty());
        QCOMPARE(e.markers()[1].id, b);
        QVERIFY(Edits::renameMarker(e, a, "Intro").isEmpty());
        QVERIFY(Edits::setMarkerUrl(e, a, "https://example.org").isEmpty());
        QVERIFY(Edits::setMarkerImage(e, a, "images/intro.png").isEmpty());
        const Marker* m = Edits::findMarker(e, a);
        QCOMPARE(m->title, QStringLiteral("Intro"));
        QCOMPARE(m->url, QStringLiteral("https://example.org"));
        QCOMPARE(m->image, QStringLiteral("images/intro.png"));
        QVERIFY(Edits::deleteMarker(e, a).isEmpty());
        QVERIFY(!Edits::deleteMarker(e, a).isEmpty());
        QVERIFY(!Edits::moveMarker(e, a, 1).isEmpty());
        QVERIFY(!Edits::renameMarker(e, "m77", "x").isEmpty());
    }

    void trackInputsKeepClipsWithTheirTrack() {
        Episode e = twoTracks({{1, clip("b", 0, 10)}});
        Edits::ensureTrackIds(e);
        const QString secondId = e.tracks()[1].id;
        // The rows as the track list sends them: the first track removed, the second renamed
        // and moved to another input, a new one added.
        QList<Track> inputs{e.tracks()[1], Track{QStringLiteral("C")}};
        inputs[0].name = QStringLiteral("Guest");
        inputs[0].firstChannel = 3;
        QVERIFY(Edits::setTrackInputs(e, inputs).isEmpty());
        QCOMPARE(e.tracks().size(), 2);
        QCOMPARE(e.tracks()[0].id, secondId);
        QCOMPARE(e.tracks()[0].name, QStringLiteral("Guest"));
        QCOMPARE(e.tracks()[0].firstChannel, 3);
        QCOMPARE(e.tracks()[0].clips.size(), 1); // its clip went with it
        QVERIFY(!e.tracks()[1].id.isEmpty() && e.tracks()[1].id != secondId);
        QCOMPARE(e.tracks()[1].clips.size(), 0);

        // record --tracks: only the named tracks change and are armed; the others stay, disarmed.
        QVERIFY(Edits::setRecordingTracks(e, {Track{.name = "C", .firstChannel = 1}}).isEmpty());
        QCOMPARE(e.tracks().size(), 2);
        QVERIFY(!e.tracks()[0].armed);
        QCOMPARE(e.tracks()[0].clips.size(), 1);
        QVERIFY(e.tracks()[1].armed);
        QCOMPARE(e.tracks()[1].firstChannel, 1);
        EpisodeMetadata metadata;
        metadata.title = QStringLiteral("Ep");
        QVERIFY(Edits::setMetadata(e, metadata).isEmpty());
        QCOMPARE(e.title(), QStringLiteral("Ep"));
    }
};

QTEST_GUILESS_MAIN(TestEdits)
#include "tst_edits.moc"
