// Flow JSON documents the tests render. `appointment` and `idDocument` are copies of the example plugins'
// flow.json (plugins/examples/*/src/main/resources); `kitchenSink` uses every component the renderer draws.

export const appointment = {
  "version": "7.2",
  "data_api_version": "3.0",
  "routing_model": {
    "APPOINTMENT": [
      "DETAILS"
    ],
    "DETAILS": [
      "SUMMARY"
    ],
    "SUMMARY": []
  },
  "screens": [
    {
      "id": "APPOINTMENT",
      "title": "Book an appointment",
      "data": {
        "departments": {
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "id": {
                "type": "string"
              },
              "title": {
                "type": "string"
              }
            }
          },
          "__example__": [
            {
              "id": "general",
              "title": "General practice"
            }
          ]
        },
        "locations": {
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "id": {
                "type": "string"
              },
              "title": {
                "type": "string"
              }
            }
          },
          "__example__": [
            {
              "id": "downtown",
              "title": "Downtown clinic"
            }
          ]
        },
        "dates": {
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "id": {
                "type": "string"
              },
              "title": {
                "type": "string"
              }
            }
          },
          "__example__": [
            {
              "id": "2026-12-01",
              "title": "Tue, 1 Dec"
            }
          ]
        },
        "times": {
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "id": {
                "type": "string"
              },
              "title": {
                "type": "string"
              }
            }
          },
          "__example__": [
            {
              "id": "09:00",
              "title": "09:00"
            }
          ]
        }
      },
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {
            "type": "Form",
            "name": "appointment_form",
            "children": [
              {
                "type": "Dropdown",
                "label": "Department",
                "name": "department",
                "data-source": "${data.departments}",
                "required": true
              },
              {
                "type": "Dropdown",
                "label": "Location",
                "name": "location",
                "data-source": "${data.locations}",
                "required": true
              },
              {
                "type": "Dropdown",
                "label": "Date",
                "name": "date",
                "data-source": "${data.dates}",
                "required": true
              },
              {
                "type": "Dropdown",
                "label": "Time",
                "name": "time",
                "data-source": "${data.times}",
                "required": true
              },
              {
                "type": "Footer",
                "label": "Continue",
                "on-click-action": {
                  "name": "data_exchange",
                  "payload": {
                    "department": "${form.department}",
                    "location": "${form.location}",
                    "date": "${form.date}",
                    "time": "${form.time}"
                  }
                }
              }
            ]
          }
        ]
      }
    },
    {
      "id": "DETAILS",
      "title": "Your details",
      "refresh_on_back": true,
      "data": {
        "department": {
          "type": "string",
          "__example__": "general"
        },
        "location": {
          "type": "string",
          "__example__": "downtown"
        },
        "date": {
          "type": "string",
          "__example__": "2026-12-01"
        },
        "time": {
          "type": "string",
          "__example__": "09:00"
        }
      },
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {
            "type": "Form",
            "name": "details_form",
            "children": [
              {
                "type": "TextInput",
                "label": "Name",
                "name": "name",
                "input-type": "text",
                "required": true
              },
              {
                "type": "TextInput",
                "label": "Email",
                "name": "email",
                "input-type": "email",
                "required": true
              },
              {
                "type": "TextInput",
                "label": "Phone",
                "name": "phone",
                "input-type": "phone",
                "required": true
              },
              {
                "type": "Footer",
                "label": "Continue",
                "on-click-action": {
                  "name": "data_exchange",
                  "payload": {
                    "department": "${data.department}",
                    "location": "${data.location}",
                    "date": "${data.date}",
                    "time": "${data.time}",
                    "name": "${form.name}",
                    "email": "${form.email}",
                    "phone": "${form.phone}"
                  }
                }
              }
            ]
          }
        ]
      }
    },
    {
      "id": "SUMMARY",
      "title": "Summary",
      "terminal": true,
      "refresh_on_back": true,
      "data": {
        "department": {
          "type": "string",
          "__example__": "general"
        },
        "location": {
          "type": "string",
          "__example__": "downtown"
        },
        "date": {
          "type": "string",
          "__example__": "2026-12-01"
        },
        "time": {
          "type": "string",
          "__example__": "09:00"
        },
        "name": {
          "type": "string",
          "__example__": "Zoe"
        },
        "email": {
          "type": "string",
          "__example__": "zoe@example.com"
        },
        "phone": {
          "type": "string",
          "__example__": "+44 20 7946 0000"
        },
        "appointment": {
          "type": "string",
          "__example__": "General practice at Downtown clinic\nTue, 1 Dec at 09:00"
        },
        "details": {
          "type": "string",
          "__example__": "Name: Zoe\nEmail: zoe@example.com\nPhone: +44 20 7946 0000"
        }
      },
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {
            "type": "TextHeading",
            "text": "Your appointment"
          },
          {
            "type": "TextBody",
            "text": "${data.appointment}"
          },
          {
            "type": "TextHeading",
            "text": "Your details"
          },
          {
            "type": "TextBody",
            "text": "${data.details}"
          },
          {
            "type": "Footer",
            "label": "Confirm",
            "on-click-action": {
              "name": "data_exchange",
              "payload": {
                "department": "${data.department}",
                "location": "${data.location}",
                "date": "${data.date}",
                "time": "${data.time}",
                "name": "${data.name}",
                "email": "${data.email}",
                "phone": "${data.phone}"
              }
            }
          }
        ]
      }
    }
  ]
};

export const idDocument = {
  "version": "7.2",
  "data_api_version": "3.0",
  "routing_model": {
    "UPLOAD": []
  },
  "screens": [
    {
      "id": "UPLOAD",
      "title": "Verify your identity",
      "terminal": true,
      "data": {},
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {
            "type": "Form",
            "name": "document_form",
            "children": [
              {
                "type": "TextBody",
                "text": "Take a clear photo of the front of your identity document."
              },
              {
                "type": "PhotoPicker",
                "name": "photo",
                "label": "Your document",
                "photo-source": "camera_gallery",
                "min-uploaded-photos": 1,
                "max-uploaded-photos": 1,
                "max-file-size-kb": 10240
              },
              {
                "type": "Footer",
                "label": "Submit",
                "on-click-action": {
                  "name": "data_exchange",
                  "payload": {
                    "photo": "${form.photo}"
                  }
                }
              }
            ]
          }
        ]
      }
    }
  ]
};

const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export const kitchenSink = {
  version: '7.3',
  data_api_version: '3.0',
  routing_model: { START: ['NEXT'], NEXT: [] },
  screens: [
    {
      id: 'START',
      title: 'Hello ${data.user}',
      data: {
        user: { type: 'string', __example__: 'Zoe' },
        sizes: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } } },
          __example__: [{ id: 's', title: 'Small' }, { id: 'm', title: 'Medium', description: 'Most popular' }, { id: 'l', title: 'Large', enabled: false }] },
        show_extra: { type: 'boolean', __example__: false },
        name_error: { type: 'string', __example__: '' },
      },
      layout: {
        type: 'SingleColumnLayout',
        children: [
          { type: 'TextHeading', text: 'Order for ${data.user}' },
          { type: 'TextSubheading', text: 'Pick a size' },
          { type: 'TextBody', text: 'Body text', 'font-weight': 'bold' },
          { type: 'TextCaption', text: '`\'Hello \' ${form.name}`' },
          { type: 'RichText', text: ['# Terms', 'Read **carefully**, *slowly* and ~~never~~.', '- one', '- two', '[site](https://example.com)'] },
          { type: 'TextInput', name: 'name', label: 'Name', required: true, 'min-chars': 2, 'helper-text': 'Your first name', 'error-message': '${data.name_error}' },
          { type: 'TextInput', name: 'age', label: 'Age', 'input-type': 'number' },
          { type: 'TextInput', name: 'email', label: 'Email', 'input-type': 'email' },
          { type: 'TextArea', name: 'note', label: 'Note', 'max-length': 100 },
          { type: 'Dropdown', name: 'size', label: 'Size', 'data-source': '${data.sizes}', required: true,
            'on-select-action': { name: 'update_data', payload: { show_extra: '`${form.size} == \'m\'`' } } },
          { type: 'If', condition: '${data.show_extra}', then: [{ type: 'TextBody', text: 'Medium is popular' }], else: [] },
          { type: 'If', condition: '`${form.age} >= 18`', then: [{ type: 'TextBody', text: 'Adult' }], else: [{ type: 'TextBody', text: 'Minor or unknown' }] },
          { type: 'RadioButtonsGroup', name: 'drink', label: 'Drink', 'data-source': [{ id: 'tea', title: 'Tea' }, { id: 'coffee', title: 'Coffee' }] },
          { type: 'CheckboxGroup', name: 'extras', label: 'Extras', 'max-selected-items': 2, 'min-selected-items': 1,
            'data-source': [{ id: 'cheese', title: 'Cheese' }, { id: 'ham', title: 'Ham' }, { id: 'egg', title: 'Egg' }] },
          { type: 'ChipsSelector', name: 'tags', label: 'Tags', 'data-source': [{ id: 'hot', title: 'Hot' }, { id: 'cold', title: 'Cold' }] },
          { type: 'Switch', value: '${form.drink}', cases: { tea: [{ type: 'TextBody', text: 'Tea it is' }], coffee: [{ type: 'TextBody', text: 'Coffee it is' }] } },
          { type: 'DatePicker', name: 'day', label: 'Day', 'min-date': '2026-01-01', 'max-date': '2026-12-31', 'unavailable-dates': ['2026-06-01'] },
          { type: 'CalendarPicker', name: 'stay', label: { 'start-date': 'Check-in', 'end-date': 'Check-out' }, mode: 'range',
            'min-date': '2026-03-01', 'max-date': '2026-04-30', 'init-value': { 'start-date': '2026-03-10', 'end-date': '2026-03-12' } },
          { type: 'OptIn', name: 'agree', label: 'I agree to the terms', required: true, 'on-click-action': { name: 'open_url', url: 'https://example.com/terms' } },
          { type: 'EmbeddedLink', text: 'Skip ahead', 'on-click-action': { name: 'navigate', next: { type: 'screen', name: 'NEXT' }, payload: { from: 'link' } } },
          { type: 'Image', src: PIXEL, width: 100, height: 50, 'scale-type': 'cover', 'alt-text': 'a pixel' },
          { type: 'PhotoPicker', name: 'photo', label: 'Photo', description: 'A clear photo', 'max-uploaded-photos': 2 },
          { type: 'DocumentPicker', name: 'doc', label: 'Document', 'allowed-mime-types': ['application/pdf'] },
          { type: 'NavigationList', name: 'menu', 'list-items': [
            { id: 'a', 'main-content': { title: 'Option A', description: 'First' }, 'on-click-action': { name: 'navigate', next: { type: 'screen', name: 'NEXT' }, payload: { pick: 'a' } } }] },
          { type: 'MagicCarpet', text: 'unknown' },
          { type: 'Footer', label: 'Continue', 'left-caption': 'Step 1', 'right-caption': 'of 2',
            'on-click-action': { name: 'data_exchange', payload: { name: '${form.name}', size: '${form.size}', extras: '${form.extras}', screen_user: '${screen.START.data.user}' } } },
        ],
      },
    },
    {
      id: 'NEXT',
      title: 'Done',
      terminal: true,
      data: {},
      layout: { type: 'SingleColumnLayout', children: [
        { type: 'TextBody', text: 'Thanks ${screen.START.form.name}' },
        { type: 'Footer', label: 'Finish', 'on-click-action': { name: 'complete', payload: { name: '${screen.START.form.name}' } } }] },
    },
  ],
};

export const FLOWS = { appointment, idDocument, kitchenSink };
