#include "ui/ExportDialog.h"

#include "app/Edits.h"
#include "app/ExportJob.h"
#include "app/Studio.h"
#include "ui/LoudnessPlot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDate>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

namespace onair::ui {
namespace {

QString clock(double s) {
    const qint64 t = qint64(s);
    return QStringLiteral("%1:%2:%3")
        .arg(t / 3600)
        .arg((t / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(t % 60, 2, 10, QLatin1Char('0'));
}

QString showKey(const QString& show) {
    return QStringLiteral("export/shows/") + QString(show.toUtf8().toHex()) + QLatin1Char('/');
}

} // namespace

ExportDialog::ExportDialog(app::Studio& studio, QWidget* parent)
    : QDialog(parent)
    , studio_(studio) {
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export Episode"));
    auto* columns = new QHBoxLayout;
    columns->addWidget(makeFormatBox());
    columns->addWidget(makeDetailsBox(), 1);

    plot_ = new LoudnessPlot(this);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    status_ = new QLabel(tr("Ready."), this);
    status_->setObjectName(QStringLiteral("exportStatus"));
    status_->setWordWrap(true);
    status_->setMinimumHeight(status_->fontMetrics().lineSpacing() * 4);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse); // paths can be copied

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    export_ = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    export_->setObjectName(QStringLiteral("exportButton"));
    connect(export_, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(plot_);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addWidget(buttons);
    fillFromEpisode();
}

ExportDialog::~ExportDialog() {
    cancel_.store(true);
}

QWidget* ExportDialog::makeFormatBox() {
    auto* box = new QGroupBox(tr("Files"), this);
    auto* form = new QFormLayout(box);
    mp3_ = new QCheckBox(tr("MP3 (every app)"), box);
    mp3_->setChecked(true);
    opus_ = new QCheckBox(tr("Opus (small, modern)"), box);
    m4a_ = new QCheckBox(tr("M4A / AAC (Apple Podcasts)"), box);
    form->addRow(tr("Formats:"), mp3_);
    form->addRow(QString(), opus_);
    form->addRow(QString(), m4a_);
    preset_ = new QComboBox(box);
    preset_->setObjectName(QStringLiteral("presetBox"));
    for (const auto& p : app::loudnessPresets()) {
        preset_->addItem(QStringLiteral("%1 (%2 LUFS)").arg(QLatin1String(p.name)).arg(p.lufs),
                         p.lufs);
    }
    preset_->addItem(tr("custom"), 0.0);
    lufs_ = new QDoubleSpinBox(box);
    lufs_->setRange(-40, -5);
    lufs_->setSuffix(tr(" LUFS"));
    lufs_->setValue(-16);
    connect(preset_, &QComboBox::currentIndexChanged, this, [this](int i) {
        const double v = preset_->itemData(i).toDouble();
        lufs_->setEnabled(v == 0.0);
        if (v != 0.0) {
            lufs_->setValue(v);
        }
        if (i < app::loudnessPresets().size() && app::loudnessPresets()[i].channels != 0) {
            channels_->setCurrentIndex(app::loudnessPresets()[i].channels == 1 ? 1 : 0);
        }
    });
    lufs_->setEnabled(false);
    truePeak_ = new QDoubleSpinBox(box);
    truePeak_->setRange(-12, 0);
    truePeak_->setSingleStep(0.5);
    truePeak_->setSuffix(tr(" dBTP"));
    truePeak_->setValue(-1.0);
    channels_ = new QComboBox(box);
    channels_->addItems({tr("Stereo"), tr("Mono")});
    bitrate_ = new QSpinBox(box);
    bitrate_->setRange(0, 320);
    bitrate_->setSpecialValueText(tr("default"));
    bitrate_->setSuffix(tr(" kbit/s"));
    outDir_ = new QLineEdit(box);
    outDir_->setObjectName(QStringLiteral("outputFolder"));
    auto* browse = new QPushButton(tr("Choose…"), box);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("Export to"), outDir_->text());
        if (!d.isEmpty()) {
            outDir_->setText(d);
        }
    });
    form->addRow(tr("Loudness:"), preset_);
    form->addRow(tr("Target:"), lufs_);
    form->addRow(tr("True peak:"), truePeak_);
    form->addRow(tr("Channels:"), channels_);
    form->addRow(tr("Bitrate:"), bitrate_);
    form->addRow(tr("Folder:"), outDir_);
    form->addRow(QString(), browse);
    chapters_ = new QListWidget(box);
    chapters_->setObjectName(QStringLiteral("chapterList"));
    form->addRow(tr("Chapters:"), chapters_);
    return box;
}

QWidget* ExportDialog::makeDetailsBox() {
    auto* box = new QGroupBox(tr("Episode details (tags)"), this);
    auto* form = new QFormLayout(box);
    show_ = new QLineEdit(box);
    connect(show_, &QLineEdit::editingFinished, this, &ExportDialog::recallShow);
    title_ = new QLineEdit(box);
    author_ = new QLineEdit(box);
    episode_ = new QSpinBox(box);
    episode_->setRange(0, 99999);
    episode_->setSpecialValueText(tr("none"));
    season_ = new QSpinBox(box);
    season_->setRange(0, 999);
    season_->setSpecialValueText(tr("none"));
    date_ = new QLineEdit(box);
    date_->setPlaceholderText(QStringLiteral("yyyy-MM-dd"));
    language_ = new QLineEdit(box);
    language_->setPlaceholderText(QStringLiteral("en"));
    publisher_ = new QLineEdit(box);
    copyright_ = new QLineEdit(box);
    url_ = new QLineEdit(box);
    description_ = new QPlainTextEdit(box);
    description_->setMaximumHeight(70);
    cover_ = new QLabel(tr("No cover"), box);
    cover_->setObjectName(QStringLiteral("coverPreview"));
    cover_->setFixedSize(120, 120);
    cover_->setAlignment(Qt::AlignCenter);
    cover_->setFrameShape(QFrame::StyledPanel);
    auto* chooseCover = new QPushButton(tr("Cover…"), box);
    connect(chooseCover, &QPushButton::clicked, this, &ExportDialog::chooseCover);
    form->addRow(tr("Show:"), show_);
    form->addRow(tr("Title:"), title_);
    form->addRow(tr("Host(s):"), author_);
    form->addRow(tr("Episode:"), episode_);
    form->addRow(tr("Season:"), season_);
    form->addRow(tr("Date:"), date_);
    form->addRow(tr("Language:"), language_);
    form->addRow(tr("Publisher:"), publisher_);
    form->addRow(tr("Copyright:"), copyright_);
    form->addRow(tr("Link:"), url_);
    form->addRow(tr("Description:"), description_);
    auto* coverRow = new QHBoxLayout;
    coverRow->addWidget(cover_);
    coverRow->addWidget(chooseCover, 0, Qt::AlignBottom);
    form->addRow(tr("Cover art:"), coverRow);
    return box;
}

void ExportDialog::fillFromEpisode() {
    const app::Episode& e = studio_.episode();
    const app::EpisodeMetadata& m = e.edit.metadata;
    show_->setText(m.show);
    title_->setText(m.title);
    author_->setText(m.author);
    episode_->setValue(m.episodeNumber);
    season_->setValue(m.season);
    date_->setText(m.date.isEmpty() ? QDate::currentDate().toString(Qt::ISODate) : m.date);
    language_->setText(m.language);
    publisher_->setText(m.publisher);
    copyright_->setText(m.copyright);
    url_->setText(m.url);
    description_->setPlainText(m.description);
    coverPath_ = m.cover;
    showCover(m.cover.isEmpty() ? QString() : QDir(studio_.folder()).filePath(m.cover));
    recallShow();
    outDir_->setText(QSettings()
                         .value(QStringLiteral("export/folder"),
                                QDir(studio_.folder()).filePath(QStringLiteral("export")))
                         .toString());
    chapters_->clear();
    for (const auto& marker : e.markers()) {
        if (marker.kind == app::MarkerKind::Chapter) {
            chapters_->addItem(
                QStringLiteral("%1  %2").arg(clock(e.seconds(marker.at)), marker.title));
        }
    }
    if (chapters_->count() == 0) {
        chapters_->addItem(tr("(no chapters: add them on the timeline with M)"));
    }
}

// What stays the same from episode to episode of a show is filled in from the last export.
void ExportDialog::recallShow() {
    if (show_->text().trimmed().isEmpty()) {
        return;
    }
    QSettings s;
    const QString key = showKey(show_->text().trimmed());
    const auto fill = [&](QLineEdit* field, const char* name) {
        if (field->text().isEmpty()) {
            field->setText(s.value(key + QLatin1String(name)).toString());
        }
    };
    fill(author_, "author");
    fill(language_, "language");
    fill(publisher_, "publisher");
    fill(copyright_, "copyright");
    fill(url_, "url");
}

void ExportDialog::rememberShow() const {
    if (show_->text().trimmed().isEmpty()) {
        return;
    }
    QSettings s;
    const QString key = showKey(show_->text().trimmed());
    s.setValue(key + QStringLiteral("author"), author_->text());
    s.setValue(key + QStringLiteral("language"), language_->text());
    s.setValue(key + QStringLiteral("publisher"), publisher_->text());
    s.setValue(key + QStringLiteral("copyright"), copyright_->text());
    s.setValue(key + QStringLiteral("url"), url_->text());
}

void ExportDialog::chooseCover() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Cover art"), QString(),
                                                      tr("Images (*.jpg *.jpeg *.png)"));
    if (file.isEmpty()) {
        return;
    }
    QImageReader reader(file);
    reader.setDecideFormatFromContent(true);
    const QByteArray format = reader.format();
    const QImage image = reader.read();
    if ((format != "png" && format != "jpeg") || image.isNull()) {
        status_->setText(tr("%1 is not a readable PNG or JPEG image.").arg(file));
        return;
    }
    if (image.width() < 1400 || image.height() < 1400) {
        status_->setText(tr("Note: podcast directories ask for cover art of at least "
                            "1400 x 1400 pixels; this one is %1 x %2.")
                             .arg(image.width())
                             .arg(image.height()));
    }
    // Into the episode folder, so the episode stays self-contained.
    const QString name = QStringLiteral("cover.") + (format == "png" ? "png" : "jpg");
    const QString target = QDir(studio_.folder()).filePath(name);
    QFile::remove(target + QStringLiteral(".tmp"));
    if (!QFile::copy(file, target + QStringLiteral(".tmp"))) {
        status_->setText(tr("Cannot copy %1 into the episode.").arg(file));
        return;
    }
    QFile::remove(target);
    QFile::rename(target + QStringLiteral(".tmp"), target);
    coverPath_ = name;
    showCover(target);
}

void ExportDialog::showCover(const QString& path) {
    const QPixmap pixmap(path);
    if (path.isEmpty() || pixmap.isNull()) {
        cover_->setText(path.isEmpty() ? tr("No cover") : tr("Unreadable"));
        return;
    }
    cover_->setPixmap(pixmap.scaled(cover_->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

app::EpisodeMetadata ExportDialog::metadata() const {
    app::EpisodeMetadata m;
    m.show = show_->text().trimmed();
    m.title = title_->text().trimmed();
    m.author = author_->text().trimmed();
    m.episodeNumber = episode_->value();
    m.season = season_->value();
    m.date = date_->text().trimmed();
    m.language = language_->text().trimmed();
    m.publisher = publisher_->text().trimmed();
    m.copyright = copyright_->text().trimmed();
    m.url = url_->text().trimmed();
    m.description = description_->toPlainText().trimmed();
    m.cover = coverPath_;
    return m;
}

void ExportDialog::setOutputFolder(const QString& folder) {
    outDir_->setText(folder);
}

void ExportDialog::startExport() {
    if (running_) {
        return;
    }
    const app::EpisodeMetadata details = metadata();
    if (details.title.isEmpty()) {
        status_->setText(tr("Give the episode a title: it is what listeners see first."));
        return;
    }
    // The details are part of the episode: an undo step, saved with it.
    if (!(details.toJson() == studio_.episode().edit.metadata.toJson())) {
        studio_.document().edit(tr("Episode details"), [&](app::Episode& e) {
            return app::Edits::setMetadata(e, details);
        });
    }
    rememberShow();
    QSettings().setValue(QStringLiteral("export/folder"), outDir_->text());

    app::ExportRequest request;
    request.folder = studio_.folder();
    request.episode = studio_.episode();
    request.outDir = outDir_->text();
    if (mp3_->isChecked()) {
        request.formats << audio::ExportFormat::Mp3;
    }
    if (opus_->isChecked()) {
        request.formats << audio::ExportFormat::Opus;
    }
    if (m4a_->isChecked()) {
        request.formats << audio::ExportFormat::M4a;
    }
    request.targetLufs = lufs_->value();
    request.truePeakDbtp = truePeak_->value();
    request.channels = channels_->currentIndex() == 1 ? 1 : 2;
    request.bitrateKbps = bitrate_->value();

    running_ = true;
    cancel_.store(false);
    export_->setEnabled(false);
    std::atomic<double> fraction{0.0};
    app::ExportResult result;
    QThread* worker = QThread::create([&] {
        result = app::runExport(
            request, [&](double f) { fraction.store(f); }, &cancel_);
    });
    QElapsedTimer clockRunning;
    clockRunning.start();
    QEventLoop loop;
    QTimer poll;
    connect(&poll, &QTimer::timeout, &loop, [&] {
        const double f = fraction.load();
        progress_->setValue(int(f * 1000));
        const double elapsed = double(clockRunning.elapsed()) / 1000.0;
        status_->setText(f > 0.02 ? tr("Exporting… about %1 s left (Close cancels)")
                                        .arg(qRound(elapsed / f - elapsed))
                                  : tr("Exporting… (Close cancels)"));
    });
    connect(worker, &QThread::finished, &loop, &QEventLoop::quit);
    poll.start(100);
    worker->start();
    loop.exec();
    worker->wait();
    delete worker;
    running_ = false;
    export_->setEnabled(true);
    lastError_ = result.error;
    lastFiles_ = result.files;
    if (!result.error.isEmpty()) {
        progress_->setValue(0);
        status_->setText(result.cancelled ? tr("Cancelled; no file was left behind.")
                                          : tr("Export failed: %1").arg(result.error));
        return;
    }
    progress_->setValue(1000);
    plot_->setSeries(result.before.shortTermLufs, result.after.shortTermLufs, request.targetLufs);
    status_->setText(tr("Before: %1 LUFS, true peak %2 dBTP.  After: %3 LUFS, true peak %4 dBTP "
                        "(gain %5 dB).\n%6")
                         .arg(result.before.integratedLufs, 0, 'f', 1)
                         .arg(result.before.truePeakDbtp, 0, 'f', 1)
                         .arg(result.after.integratedLufs, 0, 'f', 1)
                         .arg(result.after.truePeakDbtp, 0, 'f', 1)
                         .arg(result.gainDb, 0, 'f', 1)
                         .arg(result.files.join(QLatin1Char('\n'))));
}

void ExportDialog::reject() {
    if (running_) {
        cancel_.store(true); // the export stops at its next block and removes its files
        return;
    }
    QDialog::reject();
}

} // namespace onair::ui
