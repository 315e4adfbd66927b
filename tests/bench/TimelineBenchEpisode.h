#pragma once

// The episode bench_timeline paints: a long show, four tracks, each made of many clips of
// speech-like audio (an edited show is hundreds of clips, not one file per track). The clips
// come from a few distinct short WAV sources, so 3 hours of timeline cost only minutes of
// audio on disk; see bench_timeline.cpp for what that means for the figures.
#include "app/Edits.h"
#include "app/Episode.h"
#include "app/EpisodeStore.h"

#include <QDir>
#include <QString>
#include <cmath>
#include <random>
#include <sndfile.h>
#include <vector>

namespace onair::bench {

struct TimelineBenchSpec {
    double hours = 3.0;
    int tracks = 4;
    int sources = 6;             // distinct source files the clips are cut from
    double sourceSeconds = 60.0; // length of each source
    int rate = 48000;
};

// Noise under a syllable-rate envelope (about 4 syllables a second, phrases of 1-4 s with
// pauses between them): the peak envelope of speech, which is what the painter draws.
// 16-bit mono WAV. Empty on success.
inline QString writeSpeechLikeWav(const QString& path, double seconds, int rate, unsigned seed) {
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE* f = sf_open(path.toStdString().c_str(), SFM_WRITE, &info);
    if (f == nullptr) {
        return QStringLiteral("cannot write %1: %2")
            .arg(path, QString::fromUtf8(sf_strerror(nullptr)));
    }
    std::minstd_rand rng(seed);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    const auto frames = static_cast<sf_count_t>(seconds * rate);
    std::vector<float> buf(static_cast<std::size_t>(rate)); // one second at a time
    double phraseLeft = 0; // seconds of the current phrase or pause
    bool speaking = false;
    double syllable = 0;
    float loudness = 0.5f;
    for (sf_count_t at = 0; at < frames;) {
        const auto n = std::min<sf_count_t>(sf_count_t(buf.size()), frames - at);
        for (sf_count_t i = 0; i < n; ++i) {
            if (phraseLeft <= 0) {
                speaking = !speaking;
                phraseLeft = speaking ? 1.0 + 3.0 * unit(rng) : 0.15 + 0.6 * unit(rng);
                loudness = 0.3f + 0.6f * unit(rng);
            }
            phraseLeft -= 1.0 / rate;
            syllable += (3.5 + unit(rng)) / rate; // ~4 Hz, jittered
            const float env =
                speaking ? loudness * float(std::pow(std::sin(3.14159265 * syllable), 2)) : 0.0f;
            buf[std::size_t(i)] = env * (2.0f * unit(rng) - 1.0f) + 0.002f * (unit(rng) - 0.5f);
        }
        sf_writef_float(f, buf.data(), n);
        at += n;
    }
    sf_close(f);
    return {};
}

// Creates the episode folder `folder` (must not exist): sources in audio/ as imports, and on
// each track clips of 20-60 s back to back with 0.2-2 s gaps, random source ranges, gains and
// short fades, until the track is `spec.hours` long. Empty on success.
inline QString writeTimelineBenchEpisode(const QString& folder, const TimelineBenchSpec& spec) {
    if (QString err = app::EpisodeStore::create(folder, QStringLiteral("Timeline bench"));
        !err.isEmpty()) {
        return err;
    }
    app::OpenedEpisode opened = app::EpisodeStore::open(folder);
    if (!opened.error.isEmpty()) {
        return opened.error;
    }
    app::Episode& e = opened.episode;
    e.sampleRate = spec.rate;
    const auto sourceFrames = static_cast<qint64>(spec.sourceSeconds * spec.rate);
    QStringList sources;
    for (int s = 0; s < spec.sources; ++s) {
        const QString rel = QStringLiteral("audio/speech-%1.wav").arg(s + 1);
        if (QString err = writeSpeechLikeWav(folder + QLatin1Char('/') + rel, spec.sourceSeconds,
                                             spec.rate, 1000u + unsigned(s));
            !err.isEmpty()) {
            return err;
        }
        e.imports.append(app::ImportedFile{rel, rel.section(QLatin1Char('/'), -1), sourceFrames, 1,
                                           QStringLiteral("pcm_s16le")});
        sources << rel;
    }
    static const char* names[] = {"Host", "Guest", "Co-host", "Music"};
    for (int t = 0; t < spec.tracks; ++t) {
        e.tracks().append(app::Track{.name = QString::fromLatin1(names[t % 4])});
    }
    std::minstd_rand rng(42);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto total = static_cast<qint64>(spec.hours * 3600.0 * spec.rate);
    const qint64 minLength = std::min<qint64>(sourceFrames, 20 * spec.rate);
    for (int t = 0; t < spec.tracks; ++t) {
        qint64 at = static_cast<qint64>(unit(rng) * spec.rate);
        for (int k = 0; at < total; ++k) {
            app::Clip c;
            c.source = sources[(t * 2 + k) % sources.size()];
            c.channels = 1;
            c.sourceFrames = sourceFrames;
            c.length = std::min(
                total - at,
                minLength + static_cast<qint64>(unit(rng) * double(sourceFrames - minLength)));
            c.sourceStart = static_cast<qint64>(unit(rng) * double(sourceFrames - c.length));
            c.position = at;
            c.gainDb = -3.0 + 6.0 * unit(rng);
            c.fadeIn = k % 3 == 0 ? spec.rate / 100 : 0;
            c.fadeOut = k % 4 == 0 ? spec.rate / 50 : 0;
            if (QString err = app::Edits::placeClip(e, t, c); !err.isEmpty()) {
                return err;
            }
            at += c.length + static_cast<qint64>((0.2 + 1.8 * unit(rng)) * spec.rate);
        }
    }
    return app::EpisodeStore::save(folder, e);
}

} // namespace onair::bench
