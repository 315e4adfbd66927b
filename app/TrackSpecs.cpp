#include "app/TrackSpecs.h"

#include <QRegularExpression>

namespace onair::app {

QList<Track> parseTrackSpecs(const QString& text, QString* error) {
    QList<Track> tracks;
    error->clear();
    bool isNumber = false;
    const int count = text.trimmed().toInt(&isNumber);
    if (isNumber) {
        if (count < 1 || count > 64) {
            *error = QStringLiteral("--tracks takes 1 to 64 tracks, not %1").arg(count);
            return {};
        }
        for (int i = 0; i < count; ++i) {
            tracks.append(Track{.name = QStringLiteral("Track %1").arg(i + 1), .firstChannel = i});
        }
        return tracks;
    }
    static const QRegularExpression item(
        QStringLiteral("^\\s*([^=]+?)\\s*=\\s*(\\d+)(?:-(\\d+))?\\s*$"));
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto m = item.match(part);
        if (!m.hasMatch()) {
            *error = QStringLiteral("cannot read track '%1': write NAME=CHANNEL or "
                                    "NAME=FIRST-SECOND, e.g. Host=1,Guest=2-3")
                         .arg(part.trimmed());
            return {};
        }
        const int first = m.captured(2).toInt();
        const int last = m.captured(3).isEmpty() ? first : m.captured(3).toInt();
        if (first < 1 || (last != first && last != first + 1)) {
            *error = QStringLiteral("track '%1': channels start at 1, and a stereo track uses "
                                    "two neighbouring inputs (e.g. 3-4)")
                         .arg(m.captured(1));
            return {};
        }
        tracks.append(
            Track{.name = m.captured(1), .firstChannel = first - 1, .channels = last - first + 1});
    }
    if (tracks.isEmpty()) {
        *error = QStringLiteral("--tracks names no track");
    }
    return tracks;
}

} // namespace onair::app
