#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

namespace onair::app {

// The stream options every command that opens the inputs takes (record, levels), with one rule:
// the rates a take can be recorded at and the buffer sizes PortAudio accepts. Returns an empty
// string or the usage error to print.
struct CliStreamOptions {
    QCommandLineOption rate{"rate", "Sample rate: 44100, 48000 or 96000.", "HZ", "48000"};
    QCommandLineOption buffer{"buffer", "Frames per buffer (16 to 8192).", "FRAMES", "256"};

    void addTo(QCommandLineParser& parser) const {
        parser.addOption(rate);
        parser.addOption(buffer);
    }

    QString read(const QCommandLineParser& parser, double* sampleRate,
                 unsigned long* framesPerBuffer) const {
        bool ok = false;
        *sampleRate = parser.value(rate).toDouble(&ok);
        if (!ok || (*sampleRate != 44100 && *sampleRate != 48000 && *sampleRate != 96000)) {
            return QStringLiteral("--rate must be 44100, 48000 or 96000");
        }
        *framesPerBuffer = parser.value(buffer).toULong(&ok);
        if (!ok || *framesPerBuffer < 16 || *framesPerBuffer > 8192) {
            return QStringLiteral("--buffer must be 16 to 8192 frames");
        }
        return {};
    }
};

} // namespace onair::app
