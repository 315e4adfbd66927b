#pragma once

#include "app/Episode.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace onair::app {

// What a take in progress leaves in audio/TAKE.journal.json for the next open, should the
// process die: the take (files, position, rate), the tracks it records (names, ids, channel
// map) and the markers added while it runs. Written before the first sample and rewritten
// (atomically) whenever those markers change, so a take comes back as it was, whoever recorded
// it. The take's fields stay at the top level: journals from before tracks and markers were
// journaled still read.
struct TakeJournal {
    Take take;
    QList<Track> tracks;   // the armed tracks as the take started, without clips
    QList<Marker> markers; // added during the take, with their ids

    QJsonObject toJson() const;
    static TakeJournal fromJson(const QJsonObject& json);

    // Puts the take (already in e.takes, with its recovered length) into `e` as stopping it
    // would have: its tracks created if the episode lacks them, its files as clips at its
    // position, its markers in place of the old ones over the audio it replaces (Edits::punchIn).
    QString putBack(Episode& e) const;
    // "12.4 s on Host and Guest", for the notice that says the take was recovered.
    QString summary() const;
};

} // namespace onair::app
