"""Schema templates for common labeling tasks, each with sample data generated on the spot.

``catalogue`` lists the templates (schema + a generator of sample items); ``text_samples``,
``images``, ``sounds`` and ``videos`` make the sample data locally — written sentences, shapes
drawn with Pillow, tones synthesised with numpy, moving shapes encoded with PyAV — so a template
can be tried at once, with no download, and the same every time (fixed seeds).
"""
