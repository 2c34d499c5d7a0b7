// Draws the plotly figures a page hands over with json_script (no inline script: the page's
// Content-Security-Policy allows scripts from this site only).
//   <script id="figure-data" type="application/json">  one figure, drawn into #chart
//   <script id="dashboard-charts" type="application/json">  {element id: figure}; a click on
//     a bar or a slice opens the list of the tasks it counts (the point's customdata)
(function () {
  var CONFIG = {
    displaylogo: false,
    responsive: true,
    // sendChartToCloud would upload the figure to Plotly's cloud: never, from this platform.
    modeBarButtonsToRemove: ["lasso2d", "select2d", "sendChartToCloud"],
    toImageButtonOptions: {format: "png", scale: 2}
  };

  function data(id) {
    var source = document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  }

  function followClicks(element) {
    element.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      var url = point && (point.customdata || (point.data.customdata || [])[point.pointNumber]);
      if (typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/") {
        window.location.href = url;
      }
    });
  }

  function draw() {
    var figure = data("figure-data");
    var chart = document.getElementById("chart");
    if (figure && chart) {
      Plotly.newPlot(chart, figure.data, figure.layout, CONFIG);
    }
    var figures = data("dashboard-charts") || {};
    Object.keys(figures).forEach(function (id) {
      var element = document.getElementById(id);
      if (!element) { return; }
      Plotly.newPlot(element, figures[id].data, figures[id].layout, CONFIG).then(followClicks);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
