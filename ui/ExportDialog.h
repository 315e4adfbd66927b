#pragma once

#include "app/Episode.h"

#include <QDialog>
#include <QElapsedTimer>
#include <atomic>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace onair::app {
class Studio;
}

namespace onair::ui {

class LoudnessPlot;

// File -> Export: formats, loudness target, the episode's details (remembered per show), cover
// art, the chapters that go into the files, then a progress bar with time left and Cancel, and
// a loudness report with a plot of short-term loudness against the target.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportDialog(app::Studio& studio, QWidget* parent = nullptr);
    ~ExportDialog() override;

    // For tests: set the output folder and start as the Export button does.
    void setOutputFolder(const QString& folder);
    void startExport();
    bool running() const { return running_; }
    QString lastError() const { return lastError_; }
    QStringList lastFiles() const { return lastFiles_; }

protected:
    void reject() override;

private:
    QWidget* makeFormatBox();
    QWidget* makeDetailsBox();
    void fillFromEpisode();
    void rememberShow() const;
    void recallShow();
    void chooseCover();
    void showCover(const QString& path);
    app::EpisodeMetadata metadata() const;

    app::Studio& studio_;
    QCheckBox* mp3_ = nullptr;
    QCheckBox* opus_ = nullptr;
    QCheckBox* m4a_ = nullptr;
    QComboBox* preset_ = nullptr;
    QDoubleSpinBox* lufs_ = nullptr;
    QDoubleSpinBox* truePeak_ = nullptr;
    QComboBox* channels_ = nullptr;
    QSpinBox* bitrate_ = nullptr;
    QLineEdit* outDir_ = nullptr;
    QLineEdit* show_ = nullptr;
    QLineEdit* title_ = nullptr;
    QLineEdit* author_ = nullptr;
    QSpinBox* episode_ = nullptr;
    QSpinBox* season_ = nullptr;
    QLineEdit* date_ = nullptr;
    QLineEdit* language_ = nullptr;
    QLineEdit* publisher_ = nullptr;
    QLineEdit* copyright_ = nullptr;
    QLineEdit* url_ = nullptr;
    QPlainTextEdit* description_ = nullptr;
    QLabel* cover_ = nullptr;
    QString coverPath_; // relative to the episode folder
    QListWidget* chapters_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    LoudnessPlot* plot_ = nullptr;
    QPushButton* export_ = nullptr;
    std::atomic<bool> cancel_{false};
    bool running_ = false;
    QString lastError_;
    QStringList lastFiles_;
};

} // namespace onair::ui
