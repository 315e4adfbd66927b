#pragma once

#include "audio/PeakFile.h"

#include <QHash>
#include <QObject>
#include <QThreadPool>
#include <atomic>
#include <memory>

namespace onair::app {

// Waveform summaries of an episode's source files, kept in peaks/ (a cache: deleting it only
// costs a rebuild). peaks() answers at once: the open summary, or nullptr while it is being
// built in the background (ready() says when to repaint). Summaries are opened memory-mapped,
// so a 3-hour track costs resident memory only for the parts on screen.
class PeakCache : public QObject {
    Q_OBJECT
public:
    explicit PeakCache(QObject* parent = nullptr);
    ~PeakCache() override;

    void setFolder(const QString& episodeFolder); // forgets everything of the previous episode
    // `source` relative to the episode folder.
    const audio::PeakFile* peaks(const QString& source);
    // Builds the summaries still missing, waits for all of them (for the CLI and tests).
    void buildAllNow(const QStringList& sources);
    int building() const { return int(pending_.size()); }

signals:
    void ready(const QString& source);
    void progress(const QString& source, double fraction);
    void failed(const QString& source, const QString& error);

private:
    QString peakPath(const QString& source) const;
    void startBuild(const QString& source);

    QString folder_;
    QHash<QString, std::shared_ptr<audio::PeakFile>> open_;
    QHash<QString, bool> pending_;
    QHash<QString, QString> failed_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    QThreadPool pool_;
};

} // namespace onair::app
