#pragma once

#include <QGraphicsView>

namespace scalelab::gui {

class CanvasScene;

/// The view on the canvas: zoom (Ctrl+wheel, actions), fit to window, rubber-band
/// selection in select mode and hand panning in pan mode (or with the middle button).
class CanvasView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit CanvasView(CanvasScene* scene, QWidget* parent = nullptr);
    double zoom() const { return transform().m11(); }

public slots:
    void zoomIn();
    void zoomOut();
    void resetZoom();
    /// Shows every component, at most at 100%.
    void fitToWindow();

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    void applyMode();
    void scaleBy(double factor);
    CanvasScene* m_scene;
    bool m_middlePan = false;
};

} // namespace scalelab::gui
